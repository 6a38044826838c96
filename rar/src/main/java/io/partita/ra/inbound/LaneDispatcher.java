package io.partita.ra.inbound;

import jakarta.resource.spi.work.Work;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The one consumer of an activation with {@code ordering=key} or {@code none}: polls, hands each record to a
 * {@link DeliveryLane} ({@link LaneRouting}), and commits each partition up to its lowest unfinished record
 * ({@link OffsetTracker}) after polls, at most every {@link #COMMIT_INTERVAL_MS} ms. It never waits for a bean, so
 * it polls well within {@code max.poll.interval.ms}.
 *
 * <p>What it hands out is bounded: once {@code max(max.poll.records, concurrency)} records are unfinished it pauses
 * its partitions, and resumes them once fewer are (a poll may have added up to {@code max.poll.records} more). On
 * revocation it keeps the partitions' queued records from beginning, waits for their records being delivered (at most
 * {@link #MAX_REVOKE_WAIT}, and half of {@code max.poll.interval.ms}), commits what was finished and forgets them; lost
 * partitions are forgotten at once, uncommitted. When released it stops its lanes, waits for their deliveries in
 * progress, commits what was finished and closes the consumer.
 *
 * <p>The consumer is used by the loop's thread only; the tracker and the lane queues are shared with the lanes.
 */
final class LaneDispatcher extends PollLoop {

    static final long COMMIT_INTERVAL_MS = 200;
    static final Duration MAX_REVOKE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(LaneDispatcher.class.getName());
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration LANE_STOP_TIMEOUT = Duration.ofSeconds(20);

    private final List<DeliveryLane> lanes = new ArrayList<>();
    private final LaneRouting routing;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Set<TopicPartition> pausedForLimit = new HashSet<>();
    private final int maxUnfinished;
    private final Duration revokeWait;
    private long lastCommitNanos = System.nanoTime();

    /**
     * @param deliveries one bean instance's delivery per lane ({@code concurrency} of them), none transacted
     * @param ordering   {@link Ordering#KEY} or {@link Ordering#NONE}
     */
    LaneDispatcher(String name, PartitaActivationSpec spec, Supplier<Consumer<byte[], byte[]>> consumerFactory,
                   List<EndpointDelivery> deliveries, DeadLetters deadLetters, FailureRouter router, RetryTopicGate gate,
                   ConsumerProgress progress, Ordering ordering, PollLimits limits) {
        super(name, spec, consumerFactory, new StopSignal(), gate, progress);
        this.routing = LaneRouting.of(ordering, deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            lanes.add(new DeliveryLane(name + "/lane-" + i, spec, routing.queueOf(i), deliveries.get(i), deadLetters,
                    router, stop, progress));
        }
        this.maxUnfinished = Math.max(limits.maxPollRecords(), deliveries.size());
        Duration halfPollInterval = limits.maxPollInterval().dividedBy(2);
        this.revokeWait = halfPollInterval.compareTo(MAX_REVOKE_WAIT) < 0 ? halfPollInterval : MAX_REVOKE_WAIT;
    }

    @Override
    public List<Work> works() {
        List<Work> works = new ArrayList<>(lanes);
        works.add(this);
        return works;
    }

    @Override
    Duration pollTimeout() {
        return POLL_TIMEOUT;
    }

    /**
     * Hands the records on: those the gate lets through to their lanes, another group's retry records straight to
     * finished; a partition whose retry record is held back (paused and rewound to it by the gate) hands on nothing
     * after it.
     */
    @Override
    void afterPoll(ConsumerRecords<byte[], byte[]> records) {
        Set<TopicPartition> held = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (held.contains(partition)) continue;
            switch (gate.admit(record, consumer())) {
                case DELIVER -> routing.queueFor(record).add(new LaneTask(record, tracker.add(record)));
                case SKIP -> tracker.add(record).finish(record.offset());
                case HOLD -> held.add(partition);
            }
        }
        limitUnfinished();
        progress.handedOn(consumer(), tracker.unfinished() > 0);
        long now = System.nanoTime();
        if (now - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS)) {
            commitFinished(tracker);
            lastCommitNanos = now;
        }
    }

    @Override
    void revoked(Collection<TopicPartition> partitions) {
        tracker.close(partitions);
        try {
            if (!tracker.awaitIdle(partitions, revokeWait)) {
                LOG.warning(() -> name + ": records of " + partitions + " were still being delivered " + revokeWait
                        + " after the partitions were revoked; their new owner may deliver them again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitFinished(tracker, partitions);
        tracker.remove(partitions);
    }

    @Override
    void lost(Collection<TopicPartition> partitions) {
        tracker.remove(partitions);
    }

    @Override
    void beforeClose() {
        try {
            for (DeliveryLane lane : lanes) {
                if (!lane.awaitEnd(LANE_STOP_TIMEOUT)) {
                    LOG.warning(() -> name + ": a lane was still delivering " + LANE_STOP_TIMEOUT + " after the stop");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitFinished(tracker);
    }

    /**
     * Pauses every partition while too many records are unfinished, resumes them once fewer are; the partitions the
     * gate holds back stay its own.
     */
    private void limitUnfinished() {
        Consumer<byte[], byte[]> consumer = consumer();
        if (tracker.unfinished() >= maxUnfinished) {
            Set<TopicPartition> pausing = new HashSet<>(consumer.assignment());
            pausing.removeAll(consumer.paused());
            consumer.pause(pausing);
            pausedForLimit.addAll(pausing);
        } else if (!pausedForLimit.isEmpty()) {
            pausedForLimit.retainAll(consumer.assignment());
            consumer.resume(pausedForLimit);
            pausedForLimit.clear();
        }
    }
}
