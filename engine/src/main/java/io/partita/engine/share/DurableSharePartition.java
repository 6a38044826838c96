package io.partita.engine.share;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.FencedStateEpochException;

import java.util.concurrent.CompletableFuture;

/**
 * A share partition this node leads, kept durable at its share coordinator: the key its state is kept under, the
 * epochs its writes carry, and the writes.
 *
 * <p>Every write is the whole state ({@link SharePartition#stateWrite}) taken when the write starts, and at most one
 * is in flight: a change made meanwhile goes with the next write, which starts when the one in flight ends. Changes
 * made close together so cost one write, and the writes reach the coordinator in the order of the states they hold.
 * {@link #flush()} completes once a write that started after the call succeeded, so whatever was done to the partition
 * before it is durable.
 *
 * <p>A write refused for an older leader epoch (a newer leader read the state) or an older state epoch (the group's
 * offsets were reset or deleted) makes this copy no longer {@link #current}: its owner drops it and the next fetch reads the
 * state afresh.
 *
 * <p>Thread-safe.
 */
public final class DurableSharePartition {

    private final ShareStateKey key;
    private final int stateEpoch;
    private final int leaderEpoch;
    private final SharePartition partition;
    private final ShareStateStore store;
    /** Guarded by {@code this}: whether a write is in flight, and the future of the write to start after it. */
    private boolean writing;
    private CompletableFuture<Void> next;
    private volatile boolean stale;

    DurableSharePartition(ShareStateKey key, int stateEpoch, int leaderEpoch, SharePartition partition,
                          ShareStateStore store) {
        this.key = key;
        this.stateEpoch = stateEpoch;
        this.leaderEpoch = leaderEpoch;
        this.partition = partition;
        this.store = store;
    }

    public SharePartition partition() {
        return partition;
    }

    /**
     * Whether this copy is the share partition of topic {@code topicId} as led at {@code leaderEpoch}: not refused as
     * outdated, read at that epoch, of that topic (not of one deleted and created again under its name).
     */
    public boolean current(Uuid topicId, int leaderEpoch) {
        return !stale && this.leaderEpoch == leaderEpoch && key.topicId().equals(topicId);
    }

    /** Makes what was done to the partition so far durable; fails with the coordinator's error. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (writing) {
                if (next == null) next = new CompletableFuture<>();
                return next;
            }
            writing = true;
            done = new CompletableFuture<>();
        }
        write(done);
        return done;
    }

    /** Whether a write is in flight or waiting. */
    synchronized boolean writing() {
        return writing;
    }

    private void write(CompletableFuture<Void> done) {
        CompletableFuture<Void> written;
        try {
            written = store.write(key, partition.stateWrite(stateEpoch, leaderEpoch));
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ok, failure) -> {
            CompletableFuture<Void> following;
            synchronized (this) {
                following = next;
                next = null;
                writing = following != null;
            }
            if (failure == null) {
                done.complete(null);
            } else {
                Throwable cause = CompletionFailures.cause(failure);
                if (cause instanceof FencedLeaderEpochException || cause instanceof FencedStateEpochException) stale = true;
                done.completeExceptionally(cause);
            }
            if (following != null) write(following);
        });
    }
}
