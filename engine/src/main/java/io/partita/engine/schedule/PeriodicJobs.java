package io.partita.engine.schedule;

import io.partita.engine.logging.RepeatedFailureLog;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A node's one table of periodic jobs. The engine owns the table; its host only drives it, by calling
 * {@link #runDue()} about every {@link #tickMs()}: the engine's own scheduler when it runs alone, an EJB timer in an
 * application server.
 *
 * <p>Invariants: a job is started at most once per interval of the engine's clock, counted from its previous start
 * (the first start one interval after the table was made), at the first {@link #runDue()} after it is due; it never
 * runs on the caller's thread but on its job's executor; it never overlaps its own previous run (a run that outlasts
 * its interval delays the next until the first {@code runDue} after it ended); a clock that went back makes every job
 * due at once. A job that throws, or that its executor refuses, is logged through a {@link RepeatedFailureLog} (once
 * per report interval, with a count) and is due again at its next interval. Once {@link #stop()}ped, nothing starts.
 *
 * <p>Thread-safe: {@code runDue} may be called from any thread, concurrently.
 */
public final class PeriodicJobs {

    private static final System.Logger LOG = System.getLogger(PeriodicJobs.class.getName());

    private final Clock clock;
    private final List<Row> rows;
    private final long tickMs;
    private volatile boolean stopped;

    /**
     * @param clock                   the engine's clock, which decides when a job is due
     * @param jobs                    the table, each name once
     * @param failureReportIntervalMs how often a job that keeps failing is logged
     */
    public PeriodicJobs(Clock clock, List<PeriodicJob> jobs, long failureReportIntervalMs) {
        if (jobs.isEmpty()) throw new IllegalArgumentException("A schedule needs at least one job");
        if (jobs.stream().map(PeriodicJob::name).distinct().count() != jobs.size()) {
            throw new IllegalArgumentException("Two jobs of one name: " + jobs);
        }
        this.clock = clock;
        long now = clock.millis();
        this.rows = jobs.stream().map(job -> new Row(job, now, new RepeatedFailureLog(LOG, "The periodic job '" + job.name() + "'",
                failureReportIntervalMs, clock))).toList();
        this.tickMs = jobs.stream().mapToLong(PeriodicJob::intervalMs).min().orElseThrow();
    }

    /** The finest interval of the table: how often a host should call {@link #runDue()}. */
    public long tickMs() {
        return tickMs;
    }

    /** Hands every due job that is not still running to its executor and returns; see the class's invariants. */
    public synchronized void runDue() {
        if (stopped) return;
        long now = clock.millis();
        for (Row row : rows) row.startIfDue(now);
    }

    /** Starts nothing more; runs already handed to their executors finish. */
    public void stop() {
        stopped = true;
    }

    /** "name every N ms, ..." for the node's start-up log. */
    @Override
    public String toString() {
        return rows.stream().map(row -> row.job.name() + " every " + row.job.intervalMs() + " ms").collect(Collectors.joining(", "));
    }

    /** A job and when it last started (guarded by the table), whether it runs now (cleared by its executor). */
    private static final class Row {

        private final PeriodicJob job;
        private final RepeatedFailureLog failures;
        private final AtomicBoolean running = new AtomicBoolean();
        private long lastStartMs;

        Row(PeriodicJob job, long createdMs, RepeatedFailureLog failures) {
            this.job = job;
            this.lastStartMs = createdMs;
            this.failures = failures;
        }

        void startIfDue(long now) {
            long sinceLast = now - lastStartMs;
            if (sinceLast >= 0 && sinceLast < job.intervalMs()) return;
            if (!running.compareAndSet(false, true)) return;
            lastStartMs = now;
            try {
                job.executor().execute(this::run);
            } catch (RuntimeException refused) {
                // RejectedExecutionException, mostly: a loop shutting down. Never thrown at the caller, whose timer
                // (a fixed-rate task, an EJB timer) would stop or retry at once.
                running.set(false);
                failures.failed(refused);
            }
        }

        private void run() {
            try {
                job.task().run();
                failures.succeeded();
            } catch (RuntimeException e) {
                failures.failed(e);
            } finally {
                running.set(false);
            }
        }
    }
}
