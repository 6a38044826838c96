package io.partita.web.records;

import jakarta.json.JsonValue;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.stream.StreamSupport;

/**
 * One record in the record browser, key, value and header values shown in the format asked for. Immutable.
 *
 * @param partition      its partition
 * @param offset         its offset
 * @param timestamp      its timestamp, ms since the epoch
 * @param timestampType  CreateTime or LogAppendTime
 * @param key            the key, JSON null when none
 * @param value          the value, JSON null for a tombstone
 * @param headers        the headers in record order
 */
public record RecordView(int partition, long offset, long timestamp, String timestampType, JsonValue key,
                         JsonValue value, List<Header> headers) {

    static RecordView of(ConsumerRecord<byte[], byte[]> record, RecordFormat format) {
        List<Header> headers = StreamSupport.stream(record.headers().spliterator(), false)
                .map(header -> new Header(header.key(), format.show(header.value())))
                .toList();
        return new RecordView(record.partition(), record.offset(), record.timestamp(), record.timestampType().name,
                format.show(record.key()), format.show(record.value()), headers);
    }

    /** A record header: its key and its value in the format asked for. */
    public record Header(String key, JsonValue value) {
    }
}
