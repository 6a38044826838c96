package io.partita.engine.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning for a failure that repeats (a quorum out of reach, a peer that refuses): logged at most once per
 * interval, with the number of failures since the last line, so that a node whose every heartbeat fails keeps a
 * readable log. Thread-safe.
 */
public final class RepeatedFailureLog {

    private final System.Logger logger;
    private final String what;
    private final long intervalNanos;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastLoggedNanos;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** @param what names the failing action in each line, e.g. "Renewing the lease of broker 2" */
    public RepeatedFailureLog(System.Logger logger, String what, long intervalMs) {
        this.logger = logger;
        this.what = what;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.lastLoggedNanos = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Counts one failure; logs it with the count when the last line is an interval old. */
    public void failed(Throwable cause) {
        failed(cause.toString());
    }

    /** As {@link #failed(Throwable)}, for a failure described by {@code detail} rather than by an exception. */
    public void failed(String detail) {
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLoggedNanos.get();
        if (now - last < intervalNanos || !lastLoggedNanos.compareAndSet(last, now)) return;
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
