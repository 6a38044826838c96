package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One consumer of an activation with {@code ordering=partition} (one of {@code concurrency}), delivering each poll's
 * records to a bean instance of its own, in offset order within each partition.
 *
 * <p>Invariants: a record's offset is committed only after it was delivered, or after it reached the retry or
 * dead-letter topic its {@link FailureRouter} chose once its deliveries had failed (a transacted activation commits
 * it in the delivery's own transaction, see {@link DeliveryTransaction}, else the loop commits at the end of the
 * poll); a partition whose record could be neither delivered nor sent on is rewound to that record, so the next poll
 * returns it again and nothing after it is committed. A record a typed listener cannot deserialize never holds its
 * partition ({@link RetryingDelivery}). A retry topic's record not yet due holds its partition, paused, until it is
 * ({@link RetryTopicGate}); one of another group is skipped. A batch listener's batch that names its failed record
 * ({@link io.partita.ra.api.BatchFailedException}), or a typed batch stopped by a record it cannot read, has the
 * records before it committed at once, the failed one delivered alone with its retries (or set aside, unread), and
 * the rest rewound; a batch that fails otherwise is delivered again, then
 * record by record. The endpoint is released whenever partitions are revoked or lost, before they move to another
 * consumer; every finished offset is committed by then, at the end of its poll.
 *
 * <p>It tells its {@link ConsumerProgress} what it polls, delivers, dead-letters and fails at, for the activation's
 * readiness and metrics.
 *
 * <p>Runs on its WorkManager thread; {@link #release()} and {@link #awaitEnd} are safe from any.
 */
final class ConsumerLoop extends PollLoop {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final EndpointDelivery delivery;
    private final RetryingDelivery retrying;

    ConsumerLoop(String name, PartitaActivationSpec spec, Supplier<Consumer<byte[], byte[]>> consumerFactory,
                 EndpointDelivery delivery, DeadLetters deadLetters, FailureRouter router, RetryTopicGate gate,
                 ConsumerProgress progress) {
        super(name, spec, consumerFactory, new StopSignal(), gate, progress);
        this.delivery = delivery;
        this.retrying = new RetryingDelivery(name, spec, delivery, deadLetters, router, stop, progress,
                () -> consumer().groupMetadata());
    }

    @Override
    Duration pollTimeout() {
        return POLL_TIMEOUT;
    }

    /**
     * Delivers one poll's records and commits what was finished. Whatever ends it early (a stop, an endpoint that
     * is not there), every partition not finished to its last record is rewound to its first unfinished record.
     */
    @Override
    void afterPoll(ConsumerRecords<byte[], byte[]> records) throws EndpointUnavailableException {
        if (records.isEmpty()) return;
        Poll poll = new Poll(records);
        try {
            if (delivery.isBatch()) {
                deliverBatch(poll);
            } else {
                deliverInOrder(poll, poll.records);
            }
        } finally {
            poll.tracker.firstUnfinished().forEach(consumer()::seek);
            progress.handled(consumer());
            // Transacted deliveries committed their offsets in their own transactions.
            if (!delivery.isTransacted()) commitFinished(poll.tracker);
        }
    }

    @Override
    void revoked(Collection<TopicPartition> partitions) {
        delivery.release();
    }

    @Override
    void lost(Collection<TopicPartition> partitions) {
        delivery.release();
    }

    @Override
    void beforeClose() {
        delivery.close();
    }

    private void deliverBatch(Poll poll) throws EndpointUnavailableException {
        Throwable failure = retrying.deliverBatch(poll.records, poll);
        if (failure == null) return;
        int failed = retrying.failedIndex(failure, poll.records.size());
        if (failed < 0) {
            deliverInOrder(poll, poll.records);
            return;
        }
        retrying.finished(poll.records.subList(0, failed), poll);
        // Before the failed record's retries, which may take long: the records before it are done (a transacted
        // delivery committed them in its transaction).
        if (!delivery.isTransacted()) commitFinished(poll.tracker);
        deliverInOrder(poll, List.of(poll.records.get(failed)));
    }

    /**
     * Delivers record by record; a partition whose record was not finished (or is held back by the gate) is left at
     * that record.
     */
    private void deliverInOrder(Poll poll, List<ConsumerRecord<byte[], byte[]>> records) throws EndpointUnavailableException {
        Set<TopicPartition> blocked = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (stop.isStopped()) return;
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (blocked.contains(partition)) continue;
            RetryTopicGate.Verdict verdict = gate.admit(record, consumer());
            if (verdict == RetryTopicGate.Verdict.SKIP) {
                retrying.finished(List.of(record), poll);
            } else if (verdict == RetryTopicGate.Verdict.HOLD || !retrying.handle(record, poll)) {
                blocked.add(partition);
            }
        }
    }

    /** The records of one poll, in the order they are delivered, and which of them are finished. */
    private final class Poll implements RetryingDelivery.Owner {

        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        final OffsetTracker tracker = new OffsetTracker();

        Poll(ConsumerRecords<byte[], byte[]> polled) {
            for (TopicPartition partition : polled.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                    records.add(record);
                    tracker.add(record);
                }
            }
        }

        @Override
        public boolean wants() {
            return !stop.isStopped();
        }

        @Override
        public void finished(List<ConsumerRecord<byte[], byte[]>> done) {
            done.forEach(tracker::finish);
        }
    }
}
