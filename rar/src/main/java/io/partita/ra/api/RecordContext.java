package io.partita.ra.api;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link TypedRecordListener} learns of a record besides its value. Immutable but for {@code headers}, which
 * are the consumed record's own.
 *
 * @param key       the record's key, read as the listener's key type; null when it has none
 * @param headers   the record's headers
 * @param topic     the topic it was consumed from
 * @param partition its partition
 * @param offset    its offset in that partition
 * @param timestamp its timestamp, in ms since the epoch
 * @param <K>       the listener's key type
 */
public record RecordContext<K>(K key, Headers headers, String topic, int partition, long offset, long timestamp) {

    /** The record's {@link TraceHeaders#TRACEPARENT} header as text, null when it has none. */
    public String traceparent() {
        Header header = headers.lastHeader(TraceHeaders.TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
