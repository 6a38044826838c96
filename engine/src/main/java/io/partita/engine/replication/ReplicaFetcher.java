package io.partita.engine.replication;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.log.EpochEndOffset;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copies the partitions this node follows from one leader, over one {@link LeaderLink}, in an endless chain of
 * requests with one in flight at a time: a partition newly followed first asks the leader where its own latest
 * leader epoch ends (OffsetForLeaderEpoch) and truncates its log there, asking again about older epochs while the
 * leader's answers name epochs it lacks ({@link TruncationPoint}), so it can never keep records the leader does not
 * have; then it fetches from its log end offset, appends what comes as a follower and takes the leader's
 * high watermark.
 *
 * <p>Throttled partitions ({@link ReplicationThrottle}, follower side) that have not caught up with the leader's high
 * watermark are left out of a round while the follower quota is exceeded, as Kafka's fetcher does; the others keep
 * fetching at full speed. A round with nothing to fetch waits {@value #RETRY_BACKOFF_MS} ms.
 *
 * <p>Every answer is handled on the link's thread. A failed round (connection lost, errors) is retried after
 * {@value #RETRY_BACKOFF_MS} ms on the scheduler, so a dead leader costs no busy loop; a partition whose fetch says
 * its position is out of range goes back to truncation. Thread-safe: the partition table is guarded by {@code this}.
 */
final class ReplicaFetcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReplicaFetcher.class.getName());
    static final long RETRY_BACKOFF_MS = 100;
    private static final int MAX_WAIT_MS = 500;

    /**
     * One followed partition; replaced (not changed) when the leader epoch changes. Until {@code truncated}, the next
     * round asks the leader about {@code askNext}, or about the log's latest epoch when empty.
     */
    private record Target(Uuid topicId, int leaderEpoch, PartitionLog log, boolean truncated, OptionalInt askNext) {
        Target(Uuid topicId, int leaderEpoch, PartitionLog log) {
            this(topicId, leaderEpoch, log, false, OptionalInt.empty());
        }

        Target asTruncated() {
            return new Target(topicId, leaderEpoch, log, true, OptionalInt.empty());
        }

        Target needingTruncation() {
            return new Target(topicId, leaderEpoch, log);
        }

        Target asking(OptionalInt epoch) {
            return new Target(topicId, leaderEpoch, log, false, epoch);
        }
    }

    private final BrokerInfo leader;
    private final LeaderLink link;
    private final ScheduledExecutorService scheduler;
    private final ReplicationThrottle throttle;
    private final Map<TopicPartition, Target> targets = new HashMap<>();
    /** Partitions whose last fetch reached the leader's high watermark: in sync as far as the throttle goes. */
    private final Set<TopicPartition> caughtUp = new HashSet<>();
    private boolean inFlight;
    private boolean closed;

    ReplicaFetcher(BrokerInfo leader, LeaderLink link, ScheduledExecutorService scheduler, ReplicationThrottle throttle) {
        this.leader = leader;
        this.link = link;
        this.scheduler = scheduler;
        this.throttle = throttle;
    }

    BrokerInfo leader() {
        return leader;
    }

    /** Follows {@code tp} at {@code leaderEpoch}; a partition already followed at that epoch is left as it is. */
    void follow(TopicPartition tp, Uuid topicId, int leaderEpoch, PartitionLog log) {
        synchronized (this) {
            Target current = targets.get(tp);
            if (current != null && current.leaderEpoch() == leaderEpoch && current.log() == log) return;
            targets.put(tp, new Target(topicId, leaderEpoch, log));
            caughtUp.remove(tp);
        }
        kick();
    }

    synchronized void unfollow(TopicPartition tp) {
        targets.remove(tp);
        caughtUp.remove(tp);
    }

    synchronized boolean isIdle() {
        return targets.isEmpty();
    }

    /** Starts the next round unless one is in flight: new partitions, upkeep and retries call this. */
    void kick() {
        Map<TopicPartition, Target> snapshot;
        synchronized (this) {
            if (inFlight || closed || targets.isEmpty()) return;
            inFlight = true;
            snapshot = new HashMap<>(targets);
        }
        try {
            Map<TopicPartition, Target> untruncated = new HashMap<>();
            snapshot.forEach((tp, t) -> {
                if (!t.truncated()) untruncated.put(tp, t);
            });
            if (untruncated.isEmpty()) fetch(snapshot);
            else truncate(untruncated);
        } catch (RuntimeException e) {
            roundDone(true, e);
        }
    }

    private void truncate(Map<TopicPartition, Target> untruncated) {
        Map<TopicPartition, LeaderLink.EpochQuery> queries = new HashMap<>();
        untruncated.forEach((tp, t) -> {
            OptionalInt epoch = t.askNext().isPresent() ? t.askNext() : t.log().latestEpoch();
            if (epoch.isEmpty()) replace(tp, t, t.asTruncated());
            else queries.put(tp, new LeaderLink.EpochQuery(t.leaderEpoch(), epoch.getAsInt()));
        });
        if (queries.isEmpty()) {
            roundDone(false, null);
            return;
        }
        link.endOffsetsForEpochs(queries).whenComplete((answers, failure) -> {
            if (failure != null) {
                roundDone(true, failure);
                return;
            }
            boolean errors = false;
            for (Map.Entry<TopicPartition, LeaderLink.EpochAnswer> e : answers.entrySet()) {
                Target t = untruncated.get(e.getKey());
                if (t == null) continue;
                if (e.getValue().error() != Errors.NONE) {
                    errors = true;
                    continue;
                }
                try {
                    int asked = queries.get(e.getKey()).leaderEpoch();
                    TruncationPoint.Step step = truncateToLeader(e.getKey(), t.log(), asked, e.getValue().endOffset());
                    replace(e.getKey(), t, step.done() ? t.asTruncated() : t.asking(step.askNext()));
                } catch (IOException | RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "Truncating " + e.getKey() + " failed", ex);
                    errors = true;
                }
            }
            roundDone(errors, null);
        });
    }

    /** Truncates where {@link TruncationPoint} says after the leader's answer about {@code asked}. */
    private TruncationPoint.Step truncateToLeader(TopicPartition tp, PartitionLog log, int asked, EpochEndOffset leaderEnd)
            throws IOException {
        TruncationPoint.Step step = TruncationPoint.after(log.leaderEpochs(), log.logEndOffset(), asked, leaderEnd);
        if (step.truncateTo() < log.logEndOffset()) {
            LOG.log(System.Logger.Level.INFO, "Truncating {0} from {1} to {2} (leader epoch boundary: asked about epoch {3}, leader answered {4})",
                    tp, log.logEndOffset(), step.truncateTo(), asked, leaderEnd);
        }
        // Also at the log end: an epoch this replica took there while it led goes from its epoch table.
        log.truncateTo(step.truncateTo());
        return step;
    }

    private void fetch(Map<TopicPartition, Target> snapshot) {
        Map<TopicPartition, LeaderLink.FetchPosition> positions = new HashMap<>();
        snapshot.forEach((tp, t) -> {
            if (throttle.holdsBack(tp, isCaughtUp(tp))) return;
            positions.put(tp, new LeaderLink.FetchPosition(t.topicId(), t.log().logEndOffset(), t.log().logStartOffset(), t.leaderEpoch()));
        });
        if (positions.isEmpty()) {
            roundDone(true, null);
            return;
        }
        link.fetch(positions, MAX_WAIT_MS).whenComplete((answers, failure) -> {
            if (failure != null) {
                roundDone(true, failure);
                return;
            }
            boolean errors = false;
            for (Map.Entry<TopicPartition, LeaderLink.Fetched> e : answers.entrySet()) {
                Target t = snapshot.get(e.getKey());
                if (t == null) continue;
                errors |= !apply(e.getKey(), t, e.getValue());
            }
            roundDone(errors, null);
        });
    }

    /** Appends one partition's answer; false when it carried an error. */
    private boolean apply(TopicPartition tp, Target t, LeaderLink.Fetched fetched) {
        if (fetched.error() == Errors.OFFSET_OUT_OF_RANGE) {
            replace(tp, t, t.needingTruncation());
            return false;
        }
        if (fetched.error() != Errors.NONE) return false;
        synchronized (this) {
            if (targets.get(tp) != t) return true;
        }
        try {
            int bytes = fetched.records().sizeInBytes();
            if (bytes > 0) t.log().appendAsFollower(fetched.records());
            throttle.moved(tp, bytes);
            t.log().updateHighWatermark(fetched.highWatermark());
            markCaughtUp(tp, t.log().logEndOffset() >= fetched.highWatermark());
            return true;
        } catch (IOException | RuntimeException e) {
            // A log that failed said so itself, once, and is no longer followed once the replica manager hears of it.
            if (!t.log().isOffline()) LOG.log(System.Logger.Level.WARNING, "Appending fetched records to " + tp + " failed", e);
            replace(tp, t, t.needingTruncation());
            return false;
        }
    }

    private synchronized boolean isCaughtUp(TopicPartition tp) {
        return caughtUp.contains(tp);
    }

    private synchronized void markCaughtUp(TopicPartition tp, boolean reached) {
        if (reached && targets.containsKey(tp)) caughtUp.add(tp);
        else caughtUp.remove(tp);
    }

    private synchronized void replace(TopicPartition tp, Target expected, Target next) {
        if (targets.get(tp) == expected) targets.put(tp, next);
    }

    private void roundDone(boolean backOff, Throwable failure) {
        if (failure != null) {
            LOG.log(System.Logger.Level.DEBUG, "Fetching from node " + leader.nodeId() + " failed", failure);
        }
        synchronized (this) {
            inFlight = false;
            if (closed) return;
        }
        if (backOff) scheduler.schedule(this::kick, RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
        else kick();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            targets.clear();
        }
        link.close();
    }
}
