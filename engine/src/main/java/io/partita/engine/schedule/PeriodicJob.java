package io.partita.engine.schedule;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One row of a node's schedule: a task run every {@code intervalMs} on {@code executor}, one of the engine's own
 * threads (never the caller of {@link PeriodicJobs#runDue()}, which may be a container's timer thread).
 *
 * @param name       what the job does, for logs ("log retention")
 * @param intervalMs how often it runs, at least 1
 * @param executor   the engine executor that runs it (the thread whose state the task touches)
 * @param task       the work; a task that throws is logged and runs again at its next interval
 */
public record PeriodicJob(String name, long intervalMs, Executor executor, Runnable task) {

    public PeriodicJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(task, "task");
        if (intervalMs < 1) throw new IllegalArgumentException("The interval of " + name + " must be at least 1 ms: " + intervalMs);
    }
}
