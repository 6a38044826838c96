package io.partita.engine.metrics.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest samples of one series, at most a fixed number: the oldest is overwritten by each sample past it, so
 * the memory a series takes is fixed when it is made. Thread-safe.
 */
final class SampleRing {

    private final long[] times;
    private final double[] values;
    /** Where the next sample goes. */
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("A ring holds at least one sample: " + capacity);
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    synchronized void add(long timeMs, double value) {
        times[next] = timeMs;
        values[next] = value;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The samples taken at or after {@code fromMs}, oldest first. */
    synchronized List<Sample> since(long fromMs) {
        List<Sample> result = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (next - size + i + times.length) % times.length;
            if (times[at] >= fromMs) result.add(new Sample(times[at], values[at]));
        }
        return result;
    }

    /** When the latest sample was taken; {@link Long#MIN_VALUE} when none was. */
    synchronized long lastTimeMs() {
        return size == 0 ? Long.MIN_VALUE : times[(next - 1 + times.length) % times.length];
    }
}
