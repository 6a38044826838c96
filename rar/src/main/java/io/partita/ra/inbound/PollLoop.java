package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import jakarta.resource.spi.work.Work;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer of an activation and the loop that polls it, run as a {@link Work} of the server's WorkManager: it
 * creates and subscribes the consumer (to the activation's topics and its retry topics), polls until
 * {@link #release()}, hands each poll to {@link #afterPoll} and rebalances to {@link #revoked} and {@link #lost}, and
 * at the end lets the subclass finish ({@link #beforeClose}) before closing the consumer, which leaves the group at
 * once. Its {@link RetryTopicGate} holds back retry records not yet due: the subclass asks it about each record before
 * handing it on; the loop resumes held partitions once due and polls no longer than until then.
 *
 * <p>A poll that keeps failing (a refused password, a missing ACL) is retried after the retry backoff; so is a poll
 * whose records found no endpoint. Failing polls and failing commits are each logged once per 30 s with a count, and
 * told to the consumer's {@link ConsumerProgress}, as are its polls and an unexpected end.
 *
 * <p>The consumer is used by the loop's thread only (rebalance callbacks run on it, inside poll);
 * {@link #release()} and {@link #awaitEnd} are safe from any thread.
 */
abstract class PollLoop implements Work, ActivationConsumer {

    private static final Logger LOG = Logger.getLogger(PollLoop.class.getName());
    private static final long FAILURE_REPORT_INTERVAL_MS = 30_000;

    final String name;
    final PartitaActivationSpec spec;
    final StopSignal stop;
    final RetryTopicGate gate;
    final ConsumerProgress progress;
    private final Supplier<Consumer<byte[], byte[]>> consumerFactory;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final RepeatedFailureLog pollFailures;
    private final RepeatedFailureLog commitFailures;
    private volatile Consumer<byte[], byte[]> consumer;

    PollLoop(String name, PartitaActivationSpec spec, Supplier<Consumer<byte[], byte[]>> consumerFactory, StopSignal stop,
             RetryTopicGate gate, ConsumerProgress progress) {
        this.name = name;
        this.spec = spec;
        this.consumerFactory = consumerFactory;
        this.stop = stop;
        this.gate = gate;
        this.progress = progress;
        System.Logger logger = System.getLogger(PollLoop.class.getName());
        this.pollFailures = new RepeatedFailureLog(logger, name + ": polling", FAILURE_REPORT_INTERVAL_MS);
        this.commitFailures = new RepeatedFailureLog(logger, name + ": committing offsets", FAILURE_REPORT_INTERVAL_MS);
    }

    /** How long one poll may wait for records. */
    abstract Duration pollTimeout();

    /** Takes the records of one poll (possibly none). */
    abstract void afterPoll(ConsumerRecords<byte[], byte[]> records) throws EndpointUnavailableException;

    /** The partitions go to another consumer of the group: what was finished of them may still be committed. */
    abstract void revoked(Collection<TopicPartition> partitions);

    /** The partitions already belong to another consumer: nothing of them may be committed any more. */
    abstract void lost(Collection<TopicPartition> partitions);

    /** The loop ended: last work before the consumer closes (and with no consumer when it could not be created). */
    abstract void beforeClose();

    @Override
    public List<Work> works() {
        return List.of(this);
    }

    @Override
    public final void run() {
        try {
            if (stop.isStopped()) return;
            consumer = consumerFactory.get();
            if (stop.isStopped()) return;
            subscribe();
            while (!stop.isStopped()) {
                try {
                    gate.resumeDue(consumer);
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(gate.pollTimeout(pollTimeout()));
                    pollFailures.succeeded();
                    progress.polled(consumer, records.count());
                    afterPoll(records);
                } catch (WakeupException e) {
                    // release() woke us: the loop condition ends the loop
                } catch (EndpointUnavailableException e) {
                    LOG.log(Level.WARNING, name + ": " + e.getMessage() + "; delivering again after the retry backoff");
                    stop.backoff(spec.getRetryBackoffMs());
                } catch (KafkaException e) {
                    pollFailures.failed(e);
                    progress.failed(e);
                    stop.backoff(spec.getRetryBackoffMs());
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, name + " stopped consuming: " + e, e);
            progress.ended(e);
        } finally {
            stop.stop();
            try {
                beforeClose();
            } finally {
                closeConsumer();
                ended.countDown();
            }
        }
    }

    @Override
    public void release() {
        stop.stop();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) current.wakeup();
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The consumer, on the loop's thread once it was created. */
    Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** Commits synchronously; false when there was no consumer or the commit failed (logged). */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) return true;
        if (consumer == null) return false;
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // A stop woke the consumer in the middle: the wake-up is spent, commit what was finished.
                consumer.commitSync(offsets);
            }
            commitFailures.succeeded();
            return true;
        } catch (KafkaException e) {
            // Typically a rebalance took the partitions: their new owner gets the records again (at least once).
            commitFailures.failed(offsets + " not committed, those records will be delivered again: " + e);
            progress.failed(e);
            return false;
        }
    }

    /** Commits the commit points of the tracker's partitions that advanced since its last commit. */
    void commitFinished(OffsetTracker tracker) {
        commitFinished(tracker, tracker.advanced());
    }

    /** As {@link #commitFinished(OffsetTracker)}, for these partitions only. */
    void commitFinished(OffsetTracker tracker, Collection<TopicPartition> partitions) {
        commitFinished(tracker, tracker.advanced(partitions));
    }

    private void commitFinished(OffsetTracker tracker, Map<TopicPartition, OffsetAndMetadata> advanced) {
        if (commit(advanced)) tracker.committed(advanced);
    }

    private void subscribe() {
        ConsumerRebalanceListener rebalance = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                lost(partitions);
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

    private void closeConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        if (current == null) return;
        try {
            current.close(); // leaves the group, so its partitions move at once rather than after session.timeout.ms
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": closing the consumer failed", e);
        }
    }
}
