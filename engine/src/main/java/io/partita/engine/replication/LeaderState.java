package io.partita.engine.replication;

import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.log.PartitionLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the leader of one partition knows of its replicas during one leader epoch: how far each follower has
 * fetched, when it last was caught up, and the ISR as last stored in the cluster metadata.
 *
 * <p>A follower is caught up at the time of a fetch that asks for the leader's log end offset, or, as Kafka does,
 * at the time of its previous fetch when it now asks for at least what the log end offset was then (it fetched
 * everything there was). It drops out of the ISR when it was last caught up more than {@code
 * replica.lag.time.max.ms} ago, and comes back once it has fetched up to the high watermark. The high watermark is
 * the smallest log end offset of the ISR (the leader's own included): every record below it is on every in-sync
 * replica.
 *
 * <p>Thread-safe (synchronized): followers' fetches update it on connection threads, the upkeep reads it on the
 * scheduler.
 */
final class LeaderState {

    private static final class Follower {
        long logEndOffset = -1;
        long lastCaughtUpMs;
        long lastFetchMs;
        long leaderEndAtLastFetch = -1;

        Follower(long nowMs) {
            this.lastCaughtUpMs = nowMs;
            this.lastFetchMs = nowMs;
        }
    }

    private final int leaderId;
    private final int leaderEpoch;
    private final PartitionLog log;
    private final Map<Integer, Follower> followers = new HashMap<>();
    private List<Integer> isr;
    private boolean isrChangePending;

    LeaderState(int leaderId, PartitionAssignment assignment, PartitionLog log, long nowMs) {
        this.leaderId = leaderId;
        this.leaderEpoch = assignment.leaderEpoch();
        this.log = log;
        this.isr = assignment.isr();
        for (int r : assignment.replicas()) if (r != leaderId) followers.put(r, new Follower(nowMs));
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    PartitionLog log() {
        return log;
    }

    synchronized List<Integer> isr() {
        return isr;
    }

    /**
     * The replicas and ISR as the metadata now stores them (a reassignment adds or removes replicas within one
     * leader epoch); a pending ISR change of ours is settled by it.
     */
    synchronized void assignmentStored(PartitionAssignment stored, long nowMs) {
        followers.keySet().retainAll(stored.replicas());
        for (int r : stored.replicas()) if (r != leaderId) followers.putIfAbsent(r, new Follower(nowMs));
        isr = stored.isr();
        isrChangePending = false;
    }

    /** Records a follower's fetch from {@code fetchOffset} (its log end offset). */
    synchronized void followerFetched(int replicaId, long fetchOffset, long nowMs) {
        Follower f = followers.get(replicaId);
        if (f == null) return;
        long leaderEnd = log.logEndOffset();
        if (fetchOffset >= leaderEnd) f.lastCaughtUpMs = nowMs;
        else if (fetchOffset >= f.leaderEndAtLastFetch && f.leaderEndAtLastFetch >= 0) f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
        f.logEndOffset = fetchOffset;
        f.lastFetchMs = nowMs;
        f.leaderEndAtLastFetch = leaderEnd;
    }

    /** The smallest log end offset of the ISR; never above the leader's own. */
    synchronized long highWatermarkCandidate() {
        long hw = log.logEndOffset();
        for (int r : isr) {
            if (r == leaderId) continue;
            Follower f = followers.get(r);
            hw = Math.min(hw, f == null ? -1 : f.logEndOffset);
        }
        return hw;
    }

    /** The ISR with {@code replicaId} added when it is out and has caught up; empty when nothing should change. */
    synchronized Optional<List<Integer>> expansionFor(int replicaId) {
        Follower f = followers.get(replicaId);
        if (isrChangePending || f == null || isr.contains(replicaId) || f.logEndOffset < log.highWatermark()) return Optional.empty();
        List<Integer> expanded = new ArrayList<>(isr);
        expanded.add(replicaId);
        isrChangePending = true;
        return Optional.of(expanded);
    }

    /** The ISR without followers last caught up more than {@code lagMaxMs} ago; empty when nothing should change. */
    synchronized Optional<List<Integer>> shrinkAt(long nowMs, long lagMaxMs) {
        if (isrChangePending) return Optional.empty();
        List<Integer> kept = new ArrayList<>(isr);
        kept.removeIf(r -> r != leaderId && followers.containsKey(r) && nowMs - followers.get(r).lastCaughtUpMs > lagMaxMs);
        if (kept.size() == isr.size()) return Optional.empty();
        isrChangePending = true;
        return Optional.of(kept);
    }

    /** Our own ISR change was refused (a newer leader epoch or controller write won); the next one may try again. */
    synchronized void isrChangeFailed() {
        isrChangePending = false;
    }
}
