package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Publishes records that could not be delivered to a dead-letter topic: same key, value, timestamp and headers,
 * plus the {@link DeadLetterHeaders} that say where the record came from and why it failed. The partition is left
 * to the producer's partitioner (the dead-letter topic may have fewer partitions than the source).
 *
 * <p>Thread-safe if its {@link RecordSender} is.
 */
final class DeadLetters {

    private final RecordSender sender;

    DeadLetters(RecordSender sender) {
        this.sender = sender;
    }

    /** Sends {@code record} to {@code topic}; throws when the node did not acknowledge it. */
    void publish(String topic, String groupId, ConsumerRecord<byte[], byte[]> record, Throwable failure, int attempts)
            throws Exception {
        Headers headers = new RecordHeaders(record.headers().toArray());
        add(headers, DeadLetterHeaders.TOPIC, record.topic());
        add(headers, DeadLetterHeaders.PARTITION, String.valueOf(record.partition()));
        add(headers, DeadLetterHeaders.OFFSET, String.valueOf(record.offset()));
        add(headers, DeadLetterHeaders.GROUP, groupId);
        add(headers, DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts));
        add(headers, DeadLetterHeaders.EXCEPTION, failure.getClass().getName());
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, failure.getMessage() == null ? "" : failure.getMessage());
        sender.sendAndWait(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers));
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
