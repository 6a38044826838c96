package io.partita.engine.schedule;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the tasks of one executor waited in its queue, from their submission to the start of their run: a count
 * per fixed log-2 bucket of microseconds (bucket 0 holds waits under 1 µs, bucket {@code i} those in
 * [2<sup>i-1</sup>, 2<sup>i</sup>) µs, the last one everything from about 67 s on) and the longest wait seen.
 *
 * <p>Thread-safe and lock-free: recording is an increment and, for a new maximum, a compare-and-set, cheap enough
 * for every task of a busy loop. A {@link #snapshot()} taken while tasks are recorded may miss the newest of them.
 */
public final class WaitTimeHistogram {

    static final int BUCKETS = 28;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong maxNanos = new AtomicLong();

    /** Counts one task that waited {@code waitNanos} (a negative wait, from a clock that went back, as none). */
    public void record(long waitNanos) {
        long nanos = Math.max(0, waitNanos);
        counts.incrementAndGet(bucket(nanos / 1_000));
        if (nanos > maxNanos.get()) maxNanos.accumulateAndGet(nanos, Math::max);
    }

    static int bucket(long micros) {
        return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) copy[i] = counts.get(i);
        return new Snapshot(copy, maxNanos.get());
    }

    /** The counts of a histogram at one moment. Immutable. */
    public static final class Snapshot {

        private final long[] counts;
        private final long maxNanos;
        private final long total;

        Snapshot(long[] counts, long maxNanos) {
            this.counts = counts;
            this.maxNanos = maxNanos;
            long sum = 0;
            for (long c : counts) sum += c;
            this.total = sum;
        }

        /** How many tasks were counted. */
        public long count() {
            return total;
        }

        /** The longest wait counted, in microseconds. */
        public long maxMicros() {
            return maxNanos / 1_000;
        }

        /**
         * An upper bound of the {@code quantile} (0 to 1) of the waits, in microseconds: the upper end of the bucket
         * it falls in or the longest wait, whichever is less: at most twice the true value (0 when nothing was counted).
         */
        public long quantileMicros(double quantile) {
            if (quantile < 0 || quantile > 1) throw new IllegalArgumentException("A quantile is between 0 and 1: " + quantile);
            if (total == 0) return 0;
            long rank = Math.max(1, (long) Math.ceil(quantile * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) return Math.min(1L << i, maxMicros());
            }
            throw new AssertionError("The counts add up to " + total);
        }

        /** The tasks counted in bucket {@code i}, whose waits are under 2<sup>i</sup> µs (see the class comment). */
        public long bucketCount(int i) {
            return counts[i];
        }

        /** "n=1200 p50<=8µs p99<=512µs max=3100µs". */
        @Override
        public String toString() {
            return "n=" + total + " p50<=" + quantileMicros(0.5) + "µs p99<=" + quantileMicros(0.99) + "µs max="
                    + maxMicros() + "µs";
        }
    }
}
