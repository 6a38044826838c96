package io.partita.engine.coordinator;

import org.apache.kafka.common.protocol.Errors;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * The store partitions a coordinator (of groups, of share-partition state) serves: those this node leads, each once
 * it has been read. When the store reports a partition led (or led at a new leader epoch: another node may have
 * written meanwhile), it is read on the loader, and what it holds is restored on the coordinator's thread; until then
 * its keys are answered COORDINATOR_LOAD_IN_PROGRESS. When the partition is no longer led, what it held is dropped.
 * A read that fails (the log not ready yet) is tried again shortly while the partition is still led at that epoch.
 *
 * <p>Confined to the coordinator's thread: leadership events and finished reads hop onto it.
 *
 * @param <S> what reading one partition gives
 */
public final class ServedPartitions<S> {

    private static final System.Logger LOG = System.getLogger(ServedPartitions.class.getName());
    /** Wait before reading a newly led partition again when its log was not ready. */
    private static final long RETRY_MS = 500;

    private record Load(int leaderEpoch, boolean loaded) {
    }

    private final String topic;
    private final PartitionSource<S> store;
    private final ScheduledExecutorService thread;
    private final Executor loader;
    private final BiConsumer<Integer, S> restore;
    private final IntConsumer drop;
    private final Map<Integer, Load> partitions = new HashMap<>();

    /**
     * @param topic   names the store's topic in the log
     * @param thread  the coordinator's thread
     * @param loader  reads a newly led partition; may be slow, so better not {@code thread}
     * @param restore makes what a partition just read holds live (on {@code thread}), after the store installed it
     * @param drop    forgets what a partition no longer served held (on {@code thread}), before the store unloads it
     */
    public ServedPartitions(String topic, PartitionSource<S> store, ScheduledExecutorService thread, Executor loader,
                            BiConsumer<Integer, S> restore, IntConsumer drop) {
        this.topic = topic;
        this.store = store;
        this.thread = thread;
        this.loader = loader;
        this.restore = restore;
        this.drop = drop;
    }

    /** Starts following the store's leadership. */
    public void start() {
        store.observeLeadership(new PartitionSource.Leadership() {
            @Override
            public void led(int partition, int leaderEpoch) {
                onThread(() -> startLoading(partition, leaderEpoch));
            }

            @Override
            public void resigned(int partition) {
                onThread(() -> unload(partition));
            }
        });
    }

    /** NONE when the partition is served now; else NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS. */
    public Errors ownership(int partition) {
        Load load = partitions.get(partition);
        if (load == null) {
            return Errors.NOT_COORDINATOR;
        }
        return load.loaded() ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /** Whether this node leads the partition and is still reading it. */
    public boolean isLoading(int partition) {
        Load load = partitions.get(partition);
        return load != null && !load.loaded();
    }

    /** Whether this node leads the partition and has read it. */
    public boolean isServed(int partition) {
        Load load = partitions.get(partition);
        return load != null && load.loaded();
    }

    /** Whether a led partition is still being read. */
    public boolean anyLoading() {
        return partitions.values().stream().anyMatch(load -> !load.loaded());
    }

    private void startLoading(int partition, int leaderEpoch) {
        Load current = partitions.get(partition);
        if (current != null && current.leaderEpoch() == leaderEpoch) {
            return;
        }
        unload(partition);
        partitions.put(partition, new Load(leaderEpoch, false));
        read(partition, leaderEpoch);
    }

    private void read(int partition, int leaderEpoch) {
        try {
            loader.execute(() -> {
                long started = System.nanoTime();
                try {
                    S stored = store.read(partition);
                    onThread(() -> install(partition, leaderEpoch, stored, started));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot load partition " + partition + " of " + topic + " yet: " + e.getMessage());
                    try {
                        thread.schedule(() -> {
                            if (loading(partition, leaderEpoch)) read(partition, leaderEpoch);
                        }, RETRY_MS, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopping) {
                        // Nothing to load for a stopped node.
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The node is stopping with its loader.
        }
    }

    private void install(int partition, int leaderEpoch, S stored, long startedNanos) {
        if (!loading(partition, leaderEpoch)) {
            return;
        }
        store.install(partition, stored);
        restore.accept(partition, stored);
        partitions.put(partition, new Load(leaderEpoch, true));
        LOG.log(System.Logger.Level.INFO, "Loaded partition {0} of {1} at leader epoch {2} in {3} ms",
                partition, topic, leaderEpoch, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    /** Whether the partition still waits to be loaded at that epoch (it may have been unloaded or re-led since). */
    private boolean loading(int partition, int leaderEpoch) {
        Load load = partitions.get(partition);
        return load != null && load.leaderEpoch() == leaderEpoch && !load.loaded();
    }

    private void unload(int partition) {
        if (partitions.remove(partition) != null) {
            drop.accept(partition);
            store.unload(partition);
        }
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Serving the partitions of " + topic + " failed", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The coordinator stops with the node: nothing left to serve.
        }
    }
}
