package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.DeadLetterReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.function.LongSupplier;

/**
 * Decides where a record goes once its deliveries in its current stage failed: to the next retry topic while
 * {@code retryTopics} has stages left, due after that stage's delay; else to the dead-letter topic; nowhere (null)
 * without one. A failure of a {@code notRetryable} class is not retried in place and goes straight to the
 * dead-letter topic. A record's stage is 0 in its source topic; in a retry topic, its {@code partita.retry.stage}
 * header when it names a stage of that topic, else the topic's first stage.
 *
 * <p>Immutable; thread-safe if its clock is.
 */
final class FailureRouter {

    /**
     * Where a failed record goes.
     *
     * @param topic      a retry topic or the dead-letter topic
     * @param stage      the retry stage it enters, 0 for the dead-letter topic
     * @param dueTime    when it is to be delivered again, in ms since the epoch (retry topics only)
     * @param deliveries how many times it was delivered in the stage it leaves
     * @param reason     why it is given up on (the dead-letter topic only, else null)
     */
    record Destination(String topic, int stage, long dueTime, int deliveries, DeadLetterReason reason) {

        static Destination deadLetters(String topic, int deliveries, DeadLetterReason reason) {
            return new Destination(topic, 0, 0, deliveries, reason);
        }

        boolean isRetry() {
            return stage > 0;
        }
    }

    private final RetryTopics retryTopics;
    private final NotRetryableExceptions notRetryable;
    private final String deadLetterTopic;
    private final int retryAttempts;
    private final LongSupplier clock;

    /**
     * @param deadLetterTopic null or blank for none
     * @param clock           the time in ms since the epoch
     */
    FailureRouter(RetryTopics retryTopics, NotRetryableExceptions notRetryable, String deadLetterTopic,
                  int retryAttempts, LongSupplier clock) {
        this.retryTopics = retryTopics;
        this.notRetryable = notRetryable;
        this.deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? null : deadLetterTopic.strip();
        this.retryAttempts = retryAttempts;
        this.clock = clock;
    }

    /** Whether a delivery that failed with {@code failure} is to be made again in place, after the retry backoff. */
    boolean retriesInPlace(Throwable failure) {
        return !notRetryable.matches(failure);
    }

    /**
     * Where {@code record} goes, its deliveries in this stage having failed, the last with {@code failure}; null when
     * there is nowhere (no dead-letter topic): it is to be delivered again.
     */
    Destination next(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        if (!retriesInPlace(failure)) return deadLetters(1, DeadLetterReason.NOT_RETRYABLE);
        int deliveries = retryAttempts + 1;
        int stage = stageOf(record);
        if (stage < retryTopics.stages()) {
            int next = stage + 1;
            return new Destination(retryTopics.topic(retryTopics.sourceOf(record.topic()), next), next,
                    clock.getAsLong() + retryTopics.delay(next).toMillis(), deliveries, null);
        }
        return deadLetters(deliveries, DeadLetterReason.DELIVERY_FAILED);
    }

    private Destination deadLetters(int deliveries, DeadLetterReason reason) {
        return deadLetterTopic == null ? null : Destination.deadLetters(deadLetterTopic, deliveries, reason);
    }

    private int stageOf(ConsumerRecord<byte[], byte[]> record) {
        if (!retryTopics.isRetryTopic(record.topic())) return 0;
        long stage = HeaderValues.number(record.headers(), DeadLetterHeaders.RETRY_STAGE, -1);
        boolean carried = stage >= 1 && stage <= retryTopics.stages()
                && retryTopics.topic(retryTopics.sourceOf(record.topic()), (int) stage).equals(record.topic());
        return carried ? (int) stage : retryTopics.firstStageOf(record.topic());
    }
}
