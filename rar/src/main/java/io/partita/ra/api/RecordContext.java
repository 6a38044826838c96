package io.partita.ra.api;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a {@link TypedRecordListener} learns of a record besides its value. Immutable but for {@code headers}, which
 * are the consumed record's own.
 *
 * @param key           the record's key, read as the listener's key type; null when it has none
 * @param headers       the record's headers
 * @param topic         the topic it was consumed from
 * @param partition     its partition
 * @param offset        its offset in that partition
 * @param timestamp     its timestamp, in ms since the epoch
 * @param deliveryCount how many times a share group (activation property {@code shareGroup}) has delivered it, this
 *                      delivery included (1 for its first); empty for a consumer group's record, as Kafka's
 *                      {@code ConsumerRecord.deliveryCount()}
 * @param <K>           the listener's key type
 */
public record RecordContext<K>(K key, Headers headers, String topic, int partition, long offset, long timestamp,
                               Optional<Short> deliveryCount) {

    /** The context of a record without a delivery count: one a consumer group delivered. */
    public RecordContext(K key, Headers headers, String topic, int partition, long offset, long timestamp) {
        this(key, headers, topic, partition, offset, timestamp, Optional.empty());
    }

    /** The record's {@link TraceHeaders#TRACEPARENT} header as text, null when it has none. */
    public String traceparent() {
        Header header = headers.lastHeader(TraceHeaders.TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
