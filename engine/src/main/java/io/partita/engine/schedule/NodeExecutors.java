package io.partita.engine.schedule;

import io.netty.util.concurrent.Future;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The engine's own single-thread loops, one per kind of work that must not queue behind another's (see
 * docs/ARCHITECTURE.md, "Threads"), each a {@link TimedEventLoop} on a thread of the node environment's executor.
 *
 * <ul>
 *   <li>{@link #scheduler()}: the coordinators, the replication timers (acks, fetch long polls, replica fetchers), the
 *       share partitions' lock expiry, the metrics history and the node's own tick of its periodic jobs.</li>
 *   <li>{@link #metadata()}: every blocking call to the metadata store: ISR changes, the controller, admin writes,
 *       internal topic creation, producer id blocks, the node's lease and metadata poll. One thread, so writes of
 *       this node reach the store in the order they were submitted.</li>
 *   <li>{@link #logSweeps()}: retention, flush and the high-watermark checkpoint, file work of every log.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class NodeExecutors {

    private final TimedEventLoop scheduler;
    private final TimedEventLoop metadata;
    private final TimedEventLoop logSweeps;
    private final List<TimedEventLoop> all;

    /** @param threads the node environment's executor, which lends each loop its thread */
    public NodeExecutors(Executor threads) {
        this.scheduler = new TimedEventLoop("scheduler", threads);
        this.metadata = new TimedEventLoop("metadata", threads);
        this.logSweeps = new TimedEventLoop("log sweeps", threads);
        this.all = List.of(scheduler, metadata, logSweeps);
    }

    public TimedEventLoop scheduler() {
        return scheduler;
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
