package io.partita.ra.api;

/**
 * The message listener interface of a message-driven bean that receives each record's key and value as objects:
 * {@code @MessageDriven(messageListenerInterface = TypedRecordListener.class, ...)} on a class implementing
 * {@code TypedRecordListener<String, Order>}. The type arguments (resolved through superclasses too) say what the
 * key and value become: {@code byte[]} as they are, {@code String} as UTF-8 text, any other type through JSON-B;
 * the activation properties {@code keyDeserializer} and {@code valueDeserializer} name Kafka {@code Deserializer}
 * classes to use instead, which must produce {@code K} and {@code V}.
 *
 * <p>A record whose key or value cannot be read so is never delivered and never retried: it goes to the
 * dead-letter topic as it was, with {@link DeadLetterHeaders#REASON} saying which part failed, and the partition
 * moves on. Delivery, retries, ordering and transactions are otherwise those of {@link RecordListener}.
 *
 * @param <K> what the record keys are read as
 * @param <V> what the record values are read as
 */
public interface TypedRecordListener<K, V> {

    /**
     * @param value   the record's value, null for a record without one (a tombstone)
     * @param context the rest of the record: key, headers, topic, partition, offset, timestamp
     */
    void onRecord(V value, RecordContext<K> context) throws Exception;
}
