package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.DeadLetterReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Publishes records that could not be delivered to a dead-letter topic: same key, value, timestamp (the producer's
 * time for one without) and headers, plus the {@link DeadLetterHeaders} that say where the record came from and why
 * it was given up on. The partition is left to the producer's partitioner (the dead-letter topic may have fewer
 * partitions than the source).
 *
 * <p>Thread-safe if its {@link RecordSender} is.
 */
final class DeadLetters {

    private final RecordSender sender;

    DeadLetters(RecordSender sender) {
        this.sender = sender;
    }

    /**
     * Sends {@code record} to {@code topic}; throws when the node did not acknowledge it.
     *
     * @param failure  the bean's exception of the last delivery, or the deserializer's
     * @param attempts deliveries made, 0 for a record that could not be deserialized
     */
    void publish(String topic, String groupId, ConsumerRecord<byte[], byte[]> record, Throwable failure, int attempts,
                 DeadLetterReason reason) throws Exception {
        Headers headers = new RecordHeaders(record.headers().toArray());
        add(headers, DeadLetterHeaders.TOPIC, record.topic());
        add(headers, DeadLetterHeaders.PARTITION, String.valueOf(record.partition()));
        add(headers, DeadLetterHeaders.OFFSET, String.valueOf(record.offset()));
        add(headers, DeadLetterHeaders.GROUP, groupId);
        add(headers, DeadLetterHeaders.REASON, reason.name());
        add(headers, DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts));
        add(headers, DeadLetterHeaders.EXCEPTION, failure.getClass().getName());
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, failure.getMessage() == null ? "" : failure.getMessage());
        // A record of the old message formats may have no timestamp (-1), which a producer record must not carry.
        Long timestamp = record.timestamp() == ConsumerRecord.NO_TIMESTAMP ? null : record.timestamp();
        sender.sendAndWait(new ProducerRecord<>(topic, null, timestamp, record.key(), record.value(), headers));
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
