package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.ra.api.DeadLetterReason;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One share consumer of an activation with a {@code shareGroup} (one of {@code concurrency}), run as a
 * {@link ConsumerWork} on the server's WorkManager, delivering each record it acquires to a bean instance of its own
 * and acknowledging it by what the delivery did: ACCEPT when the bean returned; RELEASE when it threw, so that the
 * broker delivers it again, to this or another consumer of the group, with its delivery count raised (no retries in
 * place: the redelivery is the retry); REJECT once the {@link RedeliveryLimit} gives it up (the delivery count at the
 * broker's limit, or a {@code notRetryable} failure), after copying it to the dead-letter topic with its provenance
 * ({@link DeadLetters}, attempts = its delivery count). A record a typed or routed bean cannot read is rejected and
 * dead-lettered at once (attempts 0: the bean never saw it). A record that should go to the dead-letter topic but
 * could not be sent is released instead (delivered again, or archived by the broker when it reached the limit);
 * without a dead-letter topic a record given up on is rejected and so archived, logged.
 *
 * <p>Every record of a poll is acknowledged before the next poll, and the acknowledgements are committed
 * ({@code commitSync}) after each poll's records: a stop or a missing endpoint in the middle releases the records not
 * delivered. The acknowledgements are not part of the bean's JTA transaction; a record whose acceptance was lost is
 * delivered again once its acquisition lock expires (at least once). The loop makes sure of its endpoint before each
 * poll, so that it does not acquire records it cannot deliver.
 *
 * <p>Failing commits, records given up on and failing dead-letter sends are each logged once per 30 s with a count (and
 * failing polls, by {@link ConsumerWork}); the consumer's {@link ConsumerProgress} is told its polls, deliveries, dead
 * letters and failures.
 *
 * <p>The consumer is used by the loop's thread only; {@link #release()} and {@link #awaitEnd} are safe from any.
 */
final class ShareLoop extends ConsumerWork<ShareConsumer<byte[], byte[]>> {

    private static final Logger LOG = Logger.getLogger(ShareLoop.class.getName());
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final EndpointDelivery delivery;
    private final RedeliveryLimit limit;
    private final DeadLetters deadLetters;
    private final RepeatedFailureLog commitFailures;
    private final RepeatedFailureLog givenUp;
    private final RepeatedFailureLog deadLetterFailures;

    ShareLoop(String name, PartitaActivationSpec spec, Supplier<ShareConsumer<byte[], byte[]>> consumerFactory,
              EndpointDelivery delivery, RedeliveryLimit limit, DeadLetters deadLetters, ConsumerProgress progress) {
        super(name, spec, consumerFactory, new StopSignal(), progress);
        this.delivery = delivery;
        this.limit = limit;
        this.deadLetters = deadLetters;
        System.Logger logger = System.getLogger(ShareLoop.class.getName());
        this.commitFailures = new RepeatedFailureLog(logger, name + ": acknowledging records", FAILURE_REPORT_INTERVAL_MS);
        this.givenUp = new RepeatedFailureLog(logger, name + ": delivering records", FAILURE_REPORT_INTERVAL_MS);
        this.deadLetterFailures = new RepeatedFailureLog(logger, name + ": sending records to the deadLetterTopic",
                FAILURE_REPORT_INTERVAL_MS);
    }

    @Override
    void subscribe(ShareConsumer<byte[], byte[]> consumer) {
        consumer.subscribe(spec.subscription());
    }

    @Override
    void pollOnce(ShareConsumer<byte[], byte[]> consumer) throws EndpointUnavailableException {
        delivery.prepare();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        progress.polledShared(records.count());
        if (!records.isEmpty()) deliverAndAcknowledge(consumer, records);
    }

    @Override
    void wakeup(ShareConsumer<byte[], byte[]> consumer) {
        consumer.wakeup();
    }

    @Override
    void beforeClose() {
        delivery.close();
    }

    /**
     * Delivers the records one by one and acknowledges each, then commits the acknowledgements; once stopped or
     * without an endpoint, the records left are released undelivered (and the missing endpoint thrown after the
     * commit).
     */
    private void deliverAndAcknowledge(ShareConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records)
            throws EndpointUnavailableException {
        EndpointUnavailableException unavailable = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            AcknowledgeType acknowledgement = AcknowledgeType.RELEASE;
            if (unavailable == null && !stop.isStopped()) {
                try {
                    acknowledgement = handle(record);
                } catch (EndpointUnavailableException e) {
                    unavailable = e;
                }
            }
            consumer.acknowledge(record, acknowledgement);
        }
        progress.acknowledged();
        commit(consumer);
        if (unavailable != null) throw unavailable;
    }

    /** Delivers one record; how to acknowledge it. */
    private AcknowledgeType handle(ConsumerRecord<byte[], byte[]> record) throws EndpointUnavailableException {
        int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
        try {
            progress.deliver(1, deliveries - 1, () -> delivery.deliver(List.of(record), null));
            return AcknowledgeType.ACCEPT;
        } catch (ListenerFailedException e) {
            Throwable failure = e.getCause();
            DeadLetterReason reason = limit.givenUpFor(deliveries, failure);
            if (reason == null) {
                LOG.fine(() -> name + ": delivery " + deliveries + " of " + RetryingDelivery.where(record)
                        + " failed, released: " + failure);
                return AcknowledgeType.RELEASE;
            }
            return giveUp(record, FailureRouter.Destination.deadLetters(spec.getDeadLetterTopic(), deliveries, reason),
                    failure);
        } catch (UnreadableRecordException e) {
            return giveUp(record, FailureRouter.Destination.deadLetters(spec.getDeadLetterTopic(), 0, e.reason()),
                    e.getCause());
        }
    }

    /**
     * Copies a record given up on to the dead-letter topic and rejects it; rejects it without one; releases it when
     * the dead-letter topic did not take it.
     */
    private AcknowledgeType giveUp(ConsumerRecord<byte[], byte[]> record, FailureRouter.Destination deadLetter,
                                   Throwable failure) {
        String where = RetryingDelivery.where(record) + " (" + deadLetter.reason() + " after "
                + deadLetter.deliveries() + " deliveries)";
        String topic = deadLetter.topic();
        if (topic == null || topic.isBlank()) {
            givenUp.failed(where + " rejected, there is no deadLetterTopic: " + failure);
            progress.skipped();
            return AcknowledgeType.REJECT;
        }
        try {
            deadLetters.send(deadLetter, spec.groupName(), record, failure);
        } catch (Exception e) {
            deadLetterFailures.failed(where + " not sent to " + topic + ", released: it is delivered again, or "
                    + "archived by the broker if it reached group.share.delivery.count.limit: " + e);
            return AcknowledgeType.RELEASE;
        }
        deadLetterFailures.succeeded();
        givenUp.failed(where + " sent to " + topic + " and rejected: " + failure);
        progress.deadLettered();
        return AcknowledgeType.REJECT;
    }

    /** Commits the acknowledgements; a failure is logged: an unacknowledged record comes back after its lock expires. */
    private void commit(ShareConsumer<byte[], byte[]> consumer) {
        Map<TopicIdPartition, Optional<KafkaException>> results;
        try {
            try {
                results = consumer.commitSync();
            } catch (WakeupException e) {
                // A stop woke the consumer in the middle: the wake-up is spent, commit what was acknowledged.
                results = consumer.commitSync();
            }
        } catch (KafkaException e) {
            commitFailures.failed(e);
            progress.failed(e);
            return;
        }
        for (Map.Entry<TopicIdPartition, Optional<KafkaException>> result : results.entrySet()) {
            if (result.getValue().isPresent()) {
                KafkaException failure = result.getValue().get();
                commitFailures.failed(result.getKey() + ": acknowledgements not committed, its records will be "
                        + "delivered again once their locks expire: " + failure);
                progress.failed(failure);
                return;
            }
        }
        commitFailures.succeeded();
    }
}
