package io.partita.web.metrics;

import java.util.function.Supplier;

/**
 * A value computed at most once per {@code maxAgeNanos}: every gauge of one scrape reads the same computation
 * instead of asking the node again. A failed computation is not kept: the next read tries again. Thread-safe.
 */
final class Recent<T> {

    private final Supplier<T> compute;
    private final long maxAgeNanos;
    private T value;
    private long computedAt;

    Recent(Supplier<T> compute, long maxAgeNanos) {
        this.compute = compute;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The value, computed anew when the last one is older than the maximum age. */
    synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - computedAt > maxAgeNanos) {
            value = compute.get();
            computedAt = now;
        }
        return value;
    }
}
