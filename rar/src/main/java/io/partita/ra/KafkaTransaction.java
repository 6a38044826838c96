package io.partita.ra;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Kafka transaction open on a transactional producer: begun by {@link #begin}, ended once by {@link #commit()}
 * or {@link #abort()}. It remembers the first record that could not be written, so that {@link #flush()} (a
 * container's prepare) refuses what Kafka's commit would refuse anyway, before any other resource commits.
 *
 * <p>Sends and flushes may come from any thread (the producer is thread-safe); begin and end come from whoever owns
 * the transaction, one at a time.
 */
public final class KafkaTransaction {

    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failedSend = new AtomicReference<>();

    private KafkaTransaction(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Begins a transaction on {@code producer}, whose {@code initTransactions} has run and which has none open. */
    public static KafkaTransaction begin(Producer<byte[], byte[]> producer) {
        producer.beginTransaction();
        return new KafkaTransaction(producer);
    }

    /** Sends {@code record} in this transaction; {@code callback} (may be null) runs as with {@code Producer.send}. */
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        return producer.send(record, (metadata, e) -> {
            if (e != null) failedSend.compareAndSet(null, e);
            if (callback != null) callback.onCompletion(metadata, e);
        });
    }

    /** Makes {@code offsets} of {@code group} committed if and only if this transaction commits. */
    public void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
    }

    /**
     * Sends every buffered record and waits for the node's answers.
     *
     * @throws KafkaException when a record of this transaction was not written: it can then only be aborted
     */
    public void flush() {
        producer.flush();
        Exception failure = failedSend.get();
        if (failure != null) throw new KafkaException("A record of this transaction was not written: " + failure, failure);
    }

    /** Flushes and commits: the records and offsets become visible to read_committed consumers. */
    public void commit() {
        producer.commitTransaction();
    }

    /** Aborts: read_committed consumers never see the records, the offsets are dropped. */
    public void abort() {
        producer.abortTransaction();
    }
}
