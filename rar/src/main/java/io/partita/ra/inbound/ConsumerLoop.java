package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import jakarta.resource.spi.work.Work;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer of an activation and the poll loop that feeds its bean, run as a {@link Work} of the server's
 * WorkManager.
 *
 * <p>Invariants: a record's offset is committed only after it was delivered, or after it reached the retry or
 * dead-letter topic its {@link FailureRouter} chose once its deliveries had failed (a transacted activation commits
 * it in the delivery's own transaction, see {@link DeliveryTransaction}, else the loop commits at the end of the
 * poll); a partition whose record could be neither delivered nor dead-lettered is rewound to that record, so the next
 * poll returns it again and nothing after it is committed. A record a typed listener cannot deserialize is never
 * delivered nor retried, and never holds its partition: it goes to the dead-letter topic at once, or, without one, is
 * skipped (logged with its position; its bytes stay in the topic). A retry topic's record is delivered only once
 * due: the {@link RetryTopicGate} pauses the partition of one that is not, and the loop never waits for it. The
 * endpoint is released whenever partitions are revoked or lost, before they move to another consumer.
 * {@link #release()} (deactivation) wakes the loop, which then commits what it delivered and closes its consumer,
 * leaving the group.
 *
 * <p>A poll that keeps failing (a refused password, a missing ACL) is retried after the retry backoff and logged
 * once per 30 s with a count; so are records that cannot be deserialized, and records sent to a retry topic.
 *
 * <p>It tells its {@link ConsumerProgress} what it polls, delivers, dead-letters and fails at, for the activation's
 * readiness and metrics.
 *
 * <p>The consumer is used by the loop's thread only; {@link #release()} and {@link #awaitEnd} are safe from any.
 */
final class ConsumerLoop implements Work {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class.getName());
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final long POLL_FAILURE_REPORT_INTERVAL_MS = 30_000;

    private final String name;
    private final PartitaActivationSpec spec;
    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final EndpointDelivery delivery;
    private final DeadLetters deadLetters;
    private final FailureRouter router;
    private final RetryTopicGate gate;
    private final ConsumerProgress progress;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final RepeatedFailureLog pollFailures;
    private final RepeatedFailureLog unreadableRecords;
    private final RepeatedFailureLog retriedRecords;
    private volatile Consumer<byte[], byte[]> consumer;

    ConsumerLoop(String name, PartitaActivationSpec spec, Supplier<Consumer<byte[], byte[]>> consumerFactory,
                 EndpointDelivery delivery, DeadLetters deadLetters, FailureRouter router, RetryTopicGate gate,
                 ConsumerProgress progress) {
        this.name = name;
        this.spec = spec;
        this.consumerFactory = consumerFactory;
        this.pollFailures = new RepeatedFailureLog(System.getLogger(ConsumerLoop.class.getName()), name + ": polling",
                POLL_FAILURE_REPORT_INTERVAL_MS);
        this.unreadableRecords = new RepeatedFailureLog(System.getLogger(ConsumerLoop.class.getName()),
                name + ": deserializing records", POLL_FAILURE_REPORT_INTERVAL_MS);
        this.retriedRecords = new RepeatedFailureLog(System.getLogger(ConsumerLoop.class.getName()),
                name + ": delivering records", POLL_FAILURE_REPORT_INTERVAL_MS);
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.router = router;
        this.gate = gate;
        this.progress = progress;
    }

    @Override
    public void run() {
        try {
            if (isStopped()) return;
            consumer = consumerFactory.get();
            if (isStopped()) return;
            subscribe();
            while (!isStopped()) {
                try {
                    gate.resumeDue(consumer);
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(gate.pollTimeout(POLL_TIMEOUT));
                    pollFailures.succeeded();
                    progress.polled(consumer, records.count());
                    if (!records.isEmpty()) process(records);
                } catch (WakeupException e) {
                    // release() woke us: the loop condition ends the loop
                } catch (EndpointUnavailableException e) {
                    LOG.log(Level.WARNING, name + ": " + e.getMessage() + "; delivering again after the retry backoff");
                    pause();
                } catch (KafkaException e) {
                    pollFailures.failed(e);
                    progress.failed(e);
                    pause();
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, name + " stopped consuming: " + e, e);
            progress.ended(e);
        } finally {
            delivery.close();
            closeConsumer();
            ended.countDown();
        }
    }

    /** Asks the loop to end: wakes a blocked poll and cuts a retry backoff short. */
    @Override
    public void release() {
        stopped.countDown();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) current.wakeup();
    }

    /** Waits until the loop has closed its consumer; false when it did not within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void subscribe() {
        ConsumerRebalanceListener rebalance = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // Every delivered offset is committed at the end of its poll, so only the bean is left to let go.
                if (!partitions.isEmpty()) delivery.release();
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                delivery.release();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.fine(() -> name + " assigned " + partitions);
            }
        };
        List<String> topics = spec.subscription();
        if (topics != null) {
            consumer.subscribe(topics, rebalance);
        } else {
            consumer.subscribe(spec.pattern(), rebalance);
        }
    }

    /**
     * Delivers one poll's records and commits what was handled. Whatever ends it early (a stop, an endpoint that
     * is not there), every partition not handled to its last record is rewound to its first unhandled record.
     */
    private void process(ConsumerRecords<byte[], byte[]> records) throws EndpointUnavailableException {
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        try {
            if (delivery.isBatch() && deliverWithRetries(records.partitions().stream()
                    .flatMap(p -> records.records(p).stream()).toList()) == null) {
                records.partitions().forEach(p -> handled.put(p, next(records.records(p))));
                return;
            }
            Set<TopicPartition> blocked = new HashSet<>();
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (blocked.contains(partition) || isStopped()) break;
                    RetryTopicGate.Verdict verdict = gate.admit(record, consumer);
                    if (verdict == RetryTopicGate.Verdict.HOLD) {
                        blocked.add(partition);
                    } else if (verdict == RetryTopicGate.Verdict.SKIP || handleAlone(record)) {
                        handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    } else {
                        blocked.add(partition);
                    }
                }
            }
        } finally {
            rewindUnhandled(records, handled);
            progress.handled(consumer);
            // Transacted deliveries committed their offsets in their own transactions.
            if (!delivery.isTransacted()) commit(handled);
        }
    }

    /**
     * Delivers one record with its retries, else sends it to a retry topic or the dead-letter topic; false when it
     * was neither.
     */
    private boolean handleAlone(ConsumerRecord<byte[], byte[]> record) throws EndpointUnavailableException {
        Throwable failure = deliverWithRetries(List.of(record));
        if (failure == null) return true;
        if (isStopped()) return false;
        if (failure instanceof UnreadableRecordException unreadable) return setAside(record, unreadable);
        String where = where(record);
        FailureRouter.Destination next = router.next(record, failure);
        if (next == null) {
            LOG.log(Level.WARNING, name + ": " + where + " failed " + (spec.getRetryAttempts() + 1) + " deliveries and "
                    + "there is no deadLetterTopic: it will be delivered again", failure);
            return false;
        }
        try {
            forward(next, record, failure);
            String failed = where + " failed " + next.deliveries() + " deliveries; sent to " + next.topic();
            if (next.isRetry()) {
                retriedRecords.failed(failed + ": " + failure);
            } else {
                LOG.log(Level.WARNING, name + ": " + failed, failure);
            }
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, next.topic()), e);
            return false;
        }
    }

    /**
     * Sends a record that cannot be deserialized to the dead-letter topic, undelivered, or skips it when there is
     * none; false only when it could not be sent (then the partition holds, as for a failing record).
     */
    private boolean setAside(ConsumerRecord<byte[], byte[]> record, UnreadableRecordException unreadable) {
        String topic = spec.getDeadLetterTopic();
        String where = where(record);
        if (topic == null || topic.isBlank()) {
            unreadableRecords.failed(where + " skipped undelivered, there is no deadLetterTopic: "
                    + unreadable.getMessage());
            progress.skipped();
            return true;
        }
        try {
            forward(FailureRouter.Destination.deadLetters(topic, 0, unreadable.reason()), record, unreadable.getCause());
            unreadableRecords.failed(where + " sent to " + topic + " undelivered: " + unreadable.getMessage());
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, topic), e);
            return false;
        }
    }

    private void forward(FailureRouter.Destination destination, ConsumerRecord<byte[], byte[]> record, Throwable failure)
            throws Exception {
        deadLetters.send(destination, spec.getGroupId(), record, failure);
        if (delivery.isTransacted()) delivery.commitTransactionally(record, consumer.groupMetadata());
        if (destination.isRetry()) {
            progress.sentToRetryTopic();
        } else {
            progress.deadLettered();
        }
    }

    private String notSent(String where, String topic) {
        return name + ": " + where + " could not be sent to " + topic
                + (delivery.isTransacted() ? " or its offset not committed" : "") + "; it will be delivered again";
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * Delivers with up to {@code retryAttempts} retries; null when a delivery succeeded, else the last failure (an
     * {@link UnreadableRecordException} at once: no retry reads other bytes; a {@code notRetryable} one at once).
     */
    private Throwable deliverWithRetries(List<ConsumerRecord<byte[], byte[]>> records)
            throws EndpointUnavailableException {
        Throwable last = null;
        for (int attempt = 0; attempt <= spec.getRetryAttempts(); attempt++) {
            if (attempt > 0 && !pause()) return last;
            try {
                progress.deliver(records.size(), attempt, () -> delivery.deliver(records, consumer.groupMetadata()));
                return null;
            } catch (UnreadableRecordException e) {
                return e;
            } catch (ListenerFailedException e) {
                last = e.getCause();
                if (!router.retriesInPlace(last)) return last;
                int failed = attempt + 1;
                LOG.fine(() -> name + ": delivery " + failed + " of " + records.size() + " record(s) failed: " + e.getMessage());
            }
        }
        return last;
    }

    private void rewindUnhandled(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, OffsetAndMetadata> handled) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
            OffsetAndMetadata done = handled.get(partition);
            long end = polled.get(polled.size() - 1).offset() + 1;
            if (done == null || done.offset() < end) {
                consumer.seek(partition, done == null ? polled.get(0).offset() : done.offset());
            }
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) return;
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // A stop woke the consumer in the middle: the wake-up is spent, commit what was delivered.
                consumer.commitSync(offsets);
            }
        } catch (KafkaException e) {
            // Typically a rebalance took the partitions: their new owner gets the records again (at least once).
            LOG.log(Level.WARNING, name + ": commit of " + offsets + " failed; those records will be delivered again", e);
            progress.failed(e);
        }
    }

    /** Waits the retry backoff; false when a stop cut it short. */
    private boolean pause() {
        try {
            return !stopped.await(spec.getRetryBackoffMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
            return false;
        }
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void closeConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        if (current == null) return;
        try {
            current.close(); // leaves the group, so its partitions move at once rather than after session.timeout.ms
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": closing the consumer failed", e);
        }
    }

    private static OffsetAndMetadata next(List<ConsumerRecord<byte[], byte[]>> polled) {
        return new OffsetAndMetadata(polled.get(polled.size() - 1).offset() + 1);
    }
}
