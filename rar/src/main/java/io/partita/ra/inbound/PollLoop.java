package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
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
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One consumer of a consumer group and the loop that polls it ({@link ConsumerWork}): subscribed to the activation's
 * topics and its retry topics, it hands each poll to {@link #afterPoll} and rebalances to {@link #revoked} and
 * {@link #lost}. Its {@link RetryTopicGate} holds back retry records not yet due: the subclass asks it about each
 * record before handing it on; the loop resumes held partitions once due and polls no longer than until then.
 * Failing commits are logged once per 30 s with a count, and told to the consumer's {@link ConsumerProgress}, as are
 * its polls.
 *
 * <p>The consumer is used by the loop's thread only (rebalance callbacks run on it, inside poll);
 * {@link #release()} and {@link #awaitEnd} are safe from any thread.
 */
abstract class PollLoop extends ConsumerWork<Consumer<byte[], byte[]>> {

    private static final Logger LOG = Logger.getLogger(PollLoop.class.getName());

    final RetryTopicGate gate;
    private final RepeatedFailureLog commitFailures;

    PollLoop(String name, PartitaActivationSpec spec, Supplier<Consumer<byte[], byte[]>> consumerFactory, StopSignal stop,
             RetryTopicGate gate, ConsumerProgress progress) {
        super(name, spec, consumerFactory, stop, progress);
        this.gate = gate;
        this.commitFailures = new RepeatedFailureLog(System.getLogger(PollLoop.class.getName()),
                name + ": committing offsets", FAILURE_REPORT_INTERVAL_MS);
    }

    /** How long one poll may wait for records. */
    abstract Duration pollTimeout();

    /** Takes the records of one poll (possibly none). */
    abstract void afterPoll(ConsumerRecords<byte[], byte[]> records) throws EndpointUnavailableException;

    /** The partitions go to another consumer of the group: what was finished of them may still be committed. */
    abstract void revoked(Collection<TopicPartition> partitions);

    /** The partitions already belong to another consumer: nothing of them may be committed any more. */
    abstract void lost(Collection<TopicPartition> partitions);

    @Override
    final void pollOnce(Consumer<byte[], byte[]> consumer) throws EndpointUnavailableException {
        gate.resumeDue(consumer);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(gate.pollTimeout(pollTimeout()));
        progress.polled(consumer, records.count());
        afterPoll(records);
    }

    @Override
    final void wakeup(Consumer<byte[], byte[]> consumer) {
        consumer.wakeup();
    }

    /** Commits synchronously; false when there was no consumer or the commit failed (logged). */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) return true;
        Consumer<byte[], byte[]> consumer = consumer();
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

    @Override
    final void subscribe(Consumer<byte[], byte[]> consumer) {
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
}
