package io.partita.bench.ra;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times one measured consumption: from the first record a variant's consumers read after {@link #arm} to the
 * record that makes the expected count. Every variant's consumers call {@link #record} per record with what they
 * read, so all pay the same for the clock; the checksum (quantities plus key lengths) shows each record was read.
 *
 * <p>One measurement at a time (the script runs them in turn); {@link #record} is thread-safe and ignores records of
 * a variant that is not armed.
 */
final class ConsumeClock {

    /**
     * What reads the records: a typed MDB without or with a JTA transaction, a typed batch MDB, the byte[] MDB, the
     * batch MDB, or a plain loop.
     */
    enum Variant { TYPED, TYPED_BATCH, TYPED_TX, BYTES, BATCH, PLAIN }

    static final ConsumeClock INSTANCE = new ConsumeClock();

    private volatile Variant armed;
    private volatile long expected;
    private final AtomicLong count = new AtomicLong();
    private final LongAdder checksum = new LongAdder();
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile CountDownLatch done = new CountDownLatch(0);

    private ConsumeClock() {
    }

    synchronized void arm(Variant variant, long records) {
        count.set(0);
        checksum.reset();
        firstNanos = 0;
        lastNanos = 0;
        expected = records;
        done = new CountDownLatch(1);
        armed = variant;
    }

    void record(Variant variant, String key, Order order) {
        if (variant != armed) return;
        checksum.add(order.quantity() + (key == null ? 0 : key.length()));
        long n = count.incrementAndGet();
        if (n == 1) firstNanos = System.nanoTime();
        if (n == expected) {
            lastNanos = System.nanoTime();
            done.countDown();
        }
    }

    /** @return whether the expected count was reached within the timeout */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /** Stops counting; later records of the variant are ignored. */
    synchronized void disarm() {
        armed = null;
    }

    long count() {
        return count.get();
    }

    long checksum() {
        return checksum.sum();
    }

    long elapsedNanos() {
        return lastNanos - firstNanos;
    }
}
