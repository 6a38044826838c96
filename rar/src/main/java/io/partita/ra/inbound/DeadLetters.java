package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;

/**
 * Publishes records that could not be delivered to a dead-letter topic or, to be delivered again later, to a retry
 * topic: same key, value, timestamp (the producer's time for one without) and headers, plus the
 * {@link DeadLetterHeaders} that say where the record came from, how often and why it failed. A record consumed from
 * one of the activation's retry topics keeps the provenance of its original record and adds its deliveries to the
 * count; the adapter's headers of its previous stage are replaced. The partition is left to the producer's
 * partitioner (the target may have fewer partitions than the source).
 *
 * <p>Thread-safe if its {@link RecordSender} is.
 */
final class DeadLetters {

    /** The headers describing one failure, replaced at each stage. */
    private static final List<String> STAGE_HEADERS = List.of(DeadLetterHeaders.TOPIC, DeadLetterHeaders.PARTITION,
            DeadLetterHeaders.OFFSET, DeadLetterHeaders.TIMESTAMP, DeadLetterHeaders.GROUP, DeadLetterHeaders.REASON,
            DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.EXCEPTION, DeadLetterHeaders.EXCEPTION_MESSAGE,
            DeadLetterHeaders.RETRY_STAGE, DeadLetterHeaders.RETRY_DUE);

    private final RecordSender sender;
    private final RetryTopics retryTopics;

    DeadLetters(RecordSender sender, RetryTopics retryTopics) {
        this.sender = sender;
        this.retryTopics = retryTopics;
    }

    /**
     * Sends {@code record} where {@code destination} says; throws when the node did not acknowledge it.
     *
     * @param failure the bean's exception of the last delivery, or the deserializer's
     */
    void send(FailureRouter.Destination destination, String groupId, ConsumerRecord<byte[], byte[]> record,
              Throwable failure) throws Exception {
        Headers headers = new RecordHeaders(record.headers().toArray());
        long earlier = addOrigin(record, headers);
        HeaderValues.add(headers, DeadLetterHeaders.GROUP, groupId);
        if (destination.reason() != null) HeaderValues.add(headers, DeadLetterHeaders.REASON, destination.reason().name());
        HeaderValues.add(headers, DeadLetterHeaders.ATTEMPTS, earlier + destination.deliveries());
        HeaderValues.add(headers, DeadLetterHeaders.EXCEPTION, failure.getClass().getName());
        HeaderValues.add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, failure.getMessage() == null ? "" : failure.getMessage());
        if (destination.isRetry()) {
            HeaderValues.add(headers, DeadLetterHeaders.RETRY_STAGE, destination.stage());
            HeaderValues.add(headers, DeadLetterHeaders.RETRY_DUE, destination.dueTime());
        }
        // A record of the old message formats may have no timestamp (-1), which a producer record must not carry.
        Long timestamp = record.timestamp() == ConsumerRecord.NO_TIMESTAMP ? null : record.timestamp();
        sender.sendAndWait(new ProducerRecord<>(destination.topic(), null, timestamp, record.key(), record.value(), headers));
    }

    /**
     * Adds the headers naming the record as first consumed: its own position, or the one a retry topic's record
     * carries (whose other headers of its previous stage go); returns the deliveries of its earlier stages.
     */
    private long addOrigin(ConsumerRecord<byte[], byte[]> record, Headers headers) {
        Headers carried = record.headers();
        if (!retryTopics.isRetryTopic(record.topic()) || carried.lastHeader(DeadLetterHeaders.TOPIC) == null) {
            HeaderValues.add(headers, DeadLetterHeaders.TOPIC, record.topic());
            HeaderValues.add(headers, DeadLetterHeaders.PARTITION, record.partition());
            HeaderValues.add(headers, DeadLetterHeaders.OFFSET, record.offset());
            HeaderValues.add(headers, DeadLetterHeaders.TIMESTAMP, record.timestamp());
            return 0;
        }
        STAGE_HEADERS.forEach(headers::remove);
        HeaderValues.add(headers, DeadLetterHeaders.TOPIC, HeaderValues.text(carried, DeadLetterHeaders.TOPIC));
        for (String position : List.of(DeadLetterHeaders.PARTITION, DeadLetterHeaders.OFFSET)) {
            HeaderValues.add(headers, position, HeaderValues.number(carried, position, -1));
        }
        HeaderValues.add(headers, DeadLetterHeaders.TIMESTAMP,
                HeaderValues.number(carried, DeadLetterHeaders.TIMESTAMP, record.timestamp()));
        return HeaderValues.number(carried, DeadLetterHeaders.ATTEMPTS, 0);
    }
}
