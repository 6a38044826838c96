package io.partita.engine.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record a real producer sent and what the broker acknowledged for it, so that what a consumer reads back can be
 * checked field by field. Immutable.
 */
record SentRecord(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata) {

    /** Sends all records without waiting in between (so they batch), then waits for every acknowledgement. */
    static List<SentRecord> sendAll(Producer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) acks.add(producer.send(r));
        producer.flush();
        List<SentRecord> sent = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) sent.add(new SentRecord(records.get(i), acks.get(i).get()));
        return sent;
    }

    TopicPartition partition() {
        return new TopicPartition(metadata.topic(), metadata.partition());
    }

    /** Asserts that the consumed record is this one: same place, key, value, headers and (create) timestamp. */
    void assertReadBackAs(ConsumerRecord<byte[], byte[]> consumed) {
        assertThat(consumed.topic()).isEqualTo(metadata.topic());
        assertThat(consumed.partition()).isEqualTo(metadata.partition());
        assertThat(consumed.offset()).isEqualTo(metadata.offset());
        assertThat(consumed.key()).isEqualTo(record.key());
        assertThat(consumed.value()).isEqualTo(record.value());
        assertThat(consumed.headers().toArray()).containsExactly(record.headers().toArray());
        assertThat(consumed.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(consumed.timestamp()).isEqualTo(record.timestamp() != null ? record.timestamp() : metadata.timestamp());
    }
}
