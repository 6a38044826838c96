package io.partita.engine.schedule;

import io.netty.util.concurrent.Future;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The engine's own single-thread loops, one per kind of work that must not queue behind another's, each a
 * {@link TimedEventLoop} on a thread lent by the node environment's executor (see docs/ARCHITECTURE.md, "Threads").
 * Every loop runs its tasks one at a time, in the order they were submitted; what a loop owns is confined to it.
 *
 * <ul>
 *   <li>{@link #groupCoordinator()}, {@link #transactionCoordinator()}, {@link #shareCoordinator()}: one each, so
 *       that a coordinator waiting on something slow (a producer id block from the metadata quorum, a large replay)
 *       delays none of the others. A coordinator's state (its groups, transactions, share states, its served
 *       partitions and timers) is touched only there; whatever completes elsewhere (a replicated append, a loaded
 *       partition) hops back onto it.</li>
 *   <li>{@link #metadata()}: every blocking call to the metadata store (Hazelcast's map or its CP Subsystem): ISR
 *       changes, the controller, admin writes, internal topic creation, producer id blocks, the node's lease and
 *       metadata poll. One thread, so this node's writes reach the store in the order they were submitted.</li>
 *   <li>{@link #scheduler()}: the replication timers (acks=all waits, fetch long polls, replica fetchers and the
 *       replication upkeep), the share partitions' lock expiry, retries to a share coordinator, the metrics history
 *       and the node's own tick of its periodic jobs: short tasks that must run on time.</li>
 *   <li>{@link #logSweeps()}: retention, flush and the high-watermark checkpoint, file work over every log.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class NodeExecutors {

    private final TimedEventLoop scheduler;
    private final TimedEventLoop groupCoordinator;
    private final TimedEventLoop transactionCoordinator;
    private final TimedEventLoop shareCoordinator;
    private final TimedEventLoop metadata;
    private final TimedEventLoop logSweeps;
    private final List<TimedEventLoop> all;

    /** @param threads the node environment's executor, which lends each loop its thread */
    public NodeExecutors(Executor threads) {
        this.scheduler = new TimedEventLoop("scheduler", threads);
        this.groupCoordinator = new TimedEventLoop("group coordinator", threads);
        this.transactionCoordinator = new TimedEventLoop("transaction coordinator", threads);
        this.shareCoordinator = new TimedEventLoop("share coordinator", threads);
        this.metadata = new TimedEventLoop("metadata", threads);
        this.logSweeps = new TimedEventLoop("log sweeps", threads);
        this.all = List.of(scheduler, groupCoordinator, transactionCoordinator, shareCoordinator, metadata, logSweeps);
    }

    public TimedEventLoop scheduler() {
        return scheduler;
    }

    public TimedEventLoop groupCoordinator() {
        return groupCoordinator;
    }

    public TimedEventLoop transactionCoordinator() {
        return transactionCoordinator;
    }

    public TimedEventLoop shareCoordinator() {
        return shareCoordinator;
    }

    public TimedEventLoop metadata() {
        return metadata;
    }

    public TimedEventLoop logSweeps() {
        return logSweeps;
    }

    /** Each loop's task waits so far, by loop name, in a fixed order. */
    public Map<String, WaitTimeHistogram.Snapshot> waits() {
        Map<String, WaitTimeHistogram.Snapshot> result = new LinkedHashMap<>();
        for (TimedEventLoop loop : all) result.put(loop.name(), loop.waits());
        return result;
    }

    /** "scheduler: n=... p50<=...; metadata: ..." for the node's log. */
    public String waitSummary() {
        return waits().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    /**
     * Stops every loop: queued tasks still run, for at most {@code timeoutSeconds}; waits until all have stopped.
     */
    public void shutdown(long timeoutSeconds) {
        List<Future<?>> stopping = all.stream().<Future<?>>map(loop -> loop.shutdownGracefully(0, timeoutSeconds,
                TimeUnit.SECONDS)).toList();
        stopping.forEach(Future::syncUninterruptibly);
    }

    /** Stops every loop without waiting: for a node that failed to start. */
    public void shutdownNow() {
        all.forEach(loop -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }
}
