package io.partita.engine.logging;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A warning for a failure that repeats (a quorum out of reach, a peer that refuses): logged at most once per
 * interval, with the number of failures since the last line, so that a node whose every heartbeat fails keeps a
 * readable log. Thread-safe.
 */
public final class RepeatedFailureLog {

    private final System.Logger logger;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastLoggedNanos;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** @param what names the failing action in each line, e.g. "Renewing the lease of broker 2" */
    public RepeatedFailureLog(System.Logger logger, String what, long intervalMs) {
        this(logger, what, intervalMs, System::nanoTime);
    }

    /**
     * As {@link #RepeatedFailureLog(System.Logger, String, long)}, measuring the interval with {@code clock} (the
     * engine's, so that tests can move it); a clock that went back counts as a full interval passed.
     */
    public RepeatedFailureLog(System.Logger logger, String what, long intervalMs, Clock clock) {
        this(logger, what, intervalMs, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    private RepeatedFailureLog(System.Logger logger, String what, long intervalMs, LongSupplier nanoTime) {
        this.logger = logger;
        this.what = what;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.nanoTime = nanoTime;
        this.lastLoggedNanos = new AtomicLong(nanoTime.getAsLong() - intervalNanos);
    }

    /** Counts one failure; logs it with the count when the last line is an interval old. */
    public void failed(Throwable cause) {
        failed(cause.toString());
    }

    /** As {@link #failed(Throwable)}, for a failure described by {@code detail} rather than by an exception. */
    public void failed(String detail) {
        long count = failures.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastLoggedNanos.get();
        boolean recent = now - last < intervalNanos && now - last >= 0;
        if (recent || !lastLoggedNanos.compareAndSet(last, now)) return;
        failures.addAndGet(-count);
        reported.set(true);
        logger.log(System.Logger.Level.WARNING, "{0} failed ({1} time(s) since the last report): {2}", what, count, detail);
    }

    /** The action succeeded: says so once after failures were reported, and starts counting afresh. */
    public void succeeded() {
        failures.set(0);
        if (reported.getAndSet(false)) logger.log(System.Logger.Level.INFO, "{0} succeeds again", what);
    }
}
