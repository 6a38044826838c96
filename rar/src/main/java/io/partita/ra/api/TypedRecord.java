package io.partita.ra.api;

/**
 * One record of a {@link TypedBatchRecordListener}'s batch: its value and the rest of it, read as the listener's
 * types. Immutable but for the context's headers, which are the consumed record's own.
 *
 * @param value   the record's value, null for a record without one (a tombstone)
 * @param context the rest of the record: key, headers, topic, partition, offset, timestamp
 * @param <K>     the listener's key type
 * @param <V>     the listener's value type
 */
public record TypedRecord<K, V>(V value, RecordContext<K> context) {
}
