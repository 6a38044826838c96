package io.partita.engine.sharestate;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.InternalTopics;
import io.partita.engine.coordinator.CoordinatorThread;
import io.partita.engine.coordinator.ServedPartitions;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.errors.FencedStateEpochException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The share coordinator (KIP-932): keeps the durable state of share partitions in the partitions of
 * {@code __share_group_state} this node leads, the local {@link ShareStateStore}.
 *
 * <p>Every operation runs on the coordinator's thread, one at a time per share partition (the next waits for the
 * previous one's write), so each write is computed from the state the previous one left. A change is emitted as
 * records (a snapshot of the whole state, or an update holding the write, a snapshot every
 * {@code share.coordinator.snapshot.update.records.per.snapshot} updates), appended to the state partition, and
 * applied to the served state only once every in-sync replica has it, by the same {@link StoredShareStates} replay
 * that loads a partition: nothing unreplicated is ever read. A state partition is loaded when this node comes to lead
 * it ({@link ServedPartitions}: COORDINATOR_LOAD_IN_PROGRESS meanwhile, NOT_COORDINATOR for the others).
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class ShareCoordinator implements ShareStateStore {

    /** A record to write and apply: its key and its value (null for a tombstone). */
    private record Change(ShareStateRecords.Key key, ShareState value) {
    }

    private final ShareStateTopic topic;
    private final ShareStateConfig config;
    private final ScheduledExecutorService thread;
    private final CoordinatorThread calls;
    private final ServedPartitions<StoredShareStates> served;
    /** Share partitions with an operation under way, and the operations waiting behind it in arrival order. */
    private final Map<ShareStateKey, ArrayDeque<Runnable>> busy = new HashMap<>();

    /**
     * @param thread runs every operation, one at a time
     * @param loader reads a newly led state partition; may be slow, so better not {@code thread}
     */
    public ShareCoordinator(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                            ShareStateConfig config, Clock clock, ScheduledExecutorService thread, Executor loader) {
        this.topic = new ShareStateTopic(nodeId, cluster, internalTopics, replicas, config, clock);
        this.config = config;
        this.thread = thread;
        this.calls = new CoordinatorThread(thread, "The share coordinator");
        this.served = new ServedPartitions<>(ShareStateTopic.NAME, topic, thread, loader, (partition, states) -> {
        }, partition -> {
        });
        served.start();
    }

    /**
     * The node that coordinates the share partition of a FindCoordinator key ({@code groupId:topicId:partition}),
     * creating {@code __share_group_state} when it does not exist yet; empty when none can now. Fails with
     * INVALID_REQUEST for a key of another form.
     */
    public CompletableFuture<OptionalInt> findCoordinator(String coordinatorKey) {
        try {
            ShareStateKey.parse(coordinatorKey);
            return CompletableFuture.completedFuture(topic.coordinatorNodeId(coordinatorKey));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> initialize(ShareStateKey key, int stateEpoch, long startOffset) {
        return perform(key, () -> {
            StoredShareStates states = servedStates(key);
            StoredShareStates.Entry current = states.get(key);
            if (current != null && current.state().stateEpoch() > stateEpoch) {
                throw new FencedStateEpochException("State epoch " + stateEpoch + " is older than the share partition's "
                        + current.state().stateEpoch());
            }
            if (current != null && current.state().stateEpoch() == stateEpoch) {
                return CompletableFuture.completedFuture(null);
            }
            int leaderEpoch = current == null ? ShareState.NO_EPOCH : current.state().leaderEpoch();
            ShareState initialized = ShareState.initialized(stateEpoch, leaderEpoch, startOffset);
            return persist(key, states, List.of(new Change(ShareStateRecords.Key.snapshot(key), initialized)));
        });
    }

    @Override
    public CompletableFuture<ShareState> read(ShareStateKey key, int leaderEpoch) {
        return perform(key, () -> {
            StoredShareStates states = servedStates(key);
            StoredShareStates.Entry current = states.get(key);
            if (current == null) {
                return CompletableFuture.completedFuture(ShareState.uninitialized());
            }
            current.state().checkLeaderEpoch(leaderEpoch);
            if (leaderEpoch <= current.state().leaderEpoch()) {
                return CompletableFuture.completedFuture(current.state());
            }
            ShareState write = current.state().leaderEpochWrite(leaderEpoch);
            ShareState next = current.state().merged(write);
            return persist(key, states, changes(key, current, next, write)).thenApply(written -> next);
        });
    }

    @Override
    public CompletableFuture<ShareState> summary(ShareStateKey key, int leaderEpoch) {
        return perform(key, () -> {
            StoredShareStates.Entry current = servedStates(key).get(key);
            if (current == null) {
                return CompletableFuture.completedFuture(ShareState.uninitialized());
            }
            current.state().checkLeaderEpoch(leaderEpoch);
            return CompletableFuture.completedFuture(current.state());
        });
    }

    @Override
    public CompletableFuture<Void> write(ShareStateKey key, ShareState write) {
        return perform(key, () -> {
            StoredShareStates states = servedStates(key);
            StoredShareStates.Entry current = states.get(key);
            ShareState base = current == null ? ShareState.uninitialized() : current.state();
            if (current != null) base.checkWrite(write);
            return persist(key, states, changes(key, current, base.merged(write), write));
        });
    }

    /** Tombstones for the snapshot and every update slot, so that compaction removes all the share partition had. */
    @Override
    public CompletableFuture<Void> delete(ShareStateKey key) {
        return perform(key, () -> {
            StoredShareStates states = servedStates(key);
            StoredShareStates.Entry current = states.get(key);
            if (current == null) {
                return CompletableFuture.completedFuture(null);
            }
            List<Change> tombstones = new ArrayList<>();
            tombstones.add(new Change(ShareStateRecords.Key.snapshot(key), null));
            int slots = Math.max(config.updatesPerSnapshot(), current.updatesSinceSnapshot());
            for (int slot = 0; slot < slots; slot++) {
                tombstones.add(new Change(ShareStateRecords.Key.update(key, slot), null));
            }
            return persist(key, states, tombstones);
        });
    }

    /** A snapshot of {@code next} when the share partition is new or its updates reached the limit, else an update. */
    private List<Change> changes(ShareStateKey key, StoredShareStates.Entry current, ShareState next, ShareState write) {
        if (current == null || current.updatesSinceSnapshot() >= config.updatesPerSnapshot()) {
            return List.of(new Change(ShareStateRecords.Key.snapshot(key), next));
        }
        return List.of(new Change(ShareStateRecords.Key.update(key, current.updatesSinceSnapshot()), write));
    }

    /**
     * The state of the key's partition.
     *
     * @throws org.apache.kafka.common.errors.NotCoordinatorException             when this node does not lead it
     * @throws org.apache.kafka.common.errors.CoordinatorLoadInProgressException when it is still being read
     */
    private StoredShareStates servedStates(ShareStateKey key) {
        int partition = topic.partitionOf(key);
        Errors ownership = served.ownership(partition);
        if (ownership != Errors.NONE) {
            throw ownership.exception("Partition " + partition + " of " + ShareStateTopic.NAME + " is "
                    + (ownership == Errors.NOT_COORDINATOR ? "not led by this node" : "still being loaded"));
        }
        return topic.served(partition);
    }

    /**
     * Writes the changes and, once the in-sync replicas have them, applies them to {@code states} on the
     * coordinator's thread (unless the partition was unloaded meanwhile: whoever loads it again reads them).
     */
    private CompletableFuture<Void> persist(ShareStateKey key, StoredShareStates states, List<Change> changes) {
        List<SimpleRecord> records = changes.stream().map(change -> topic.record(ShareStateRecords.key(change.key()),
                change.value() == null ? null : ShareStateRecords.value(change.value()))).toList();
        return topic.append(key, records).thenCompose(replicated -> calls.submit(applied -> {
            if (topic.served(topic.partitionOf(key)) == states) {
                changes.forEach(change -> states.apply(change.key(), change.value()));
            }
            applied.complete(null);
        }));
    }

    /**
     * Runs {@code operation} on the coordinator's thread once every earlier operation on the share partition is
     * done; the answer is its future's.
     */
    private <T> CompletableFuture<T> perform(ShareStateKey key, Supplier<CompletableFuture<T>> operation) {
        return calls.submit(response -> queue(key, () -> {
            CompletableFuture<T> done;
            try {
                done = operation.get();
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            done.whenComplete((value, failure) -> calls.submit(next -> {
                finished(key);
                next.complete(null);
            }).whenComplete((ignored, stopped) -> {
                if (failure != null) {
                    response.completeExceptionally(CompletionFailures.cause(failure));
                } else {
                    response.complete(value);
                }
            }));
        }));
    }

    private void queue(ShareStateKey key, Runnable operation) {
        ArrayDeque<Runnable> waiting = busy.get(key);
        if (waiting != null) {
            waiting.add(operation);
        } else {
            busy.put(key, new ArrayDeque<>());
            operation.run();
        }
    }

    /** The share partition's operation is done: the next one waiting runs. */
    private void finished(ShareStateKey key) {
        ArrayDeque<Runnable> waiting = busy.get(key);
        Runnable next = waiting == null ? null : waiting.poll();
        if (next == null) {
            busy.remove(key);
        } else {
            next.run();
        }
    }
}
