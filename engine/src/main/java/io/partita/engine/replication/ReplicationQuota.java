package io.partita.engine.replication;

import java.time.Clock;
import java.util.ArrayDeque;

/**
 * A byte rate measured over a sliding window of samples, against a bound in bytes per second, as Kafka measures
 * its replication quotas ({@code replication.quota.window.num} samples of {@code
 * replication.quota.window.size.seconds} each).
 *
 * <p>A sample begins with the first bytes recorded after the previous one's span ended, and counts until it is
 * {@code samples} spans old. The rate is the bytes of the live samples divided by the time since the oldest began,
 * but never by less than {@code samples - 1} spans: a fresh quota neither reads a burst as an enormous rate nor
 * blocks its first bytes, so about {@code (samples - 1) x span x bound} bytes pass before the bound bites. Callers
 * check {@link #isExceeded()} before they move bytes and {@link #record} what they moved, so one transfer may
 * overshoot; the window then holds the next ones back until the average is below the bound again.
 *
 * <p>Times come from the given clock. Thread-safe (synchronized): fetchers record on their threads, the bound
 * changes on Hazelcast's.
 */
public final class ReplicationQuota {

    /** No bound: Kafka's default for the throttle rates. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** How the rate is measured: {@code samples} spans of {@code spanMs} each. */
    public record Window(int samples, long spanMs) {
        public Window {
            if (samples < 1 || spanMs < 1) throw new IllegalArgumentException("A quota window needs at least one sample of 1 ms");
        }
    }

    private static final class Sample {
        final long startMs;
        long bytes;

        Sample(long startMs) {
            this.startMs = startMs;
        }
    }

    private final Clock clock;
    private final Window window;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long boundBytesPerSecond = UNBOUNDED;

    public ReplicationQuota(Clock clock, Window window) {
        this.clock = clock;
        this.window = window;
    }

    /** Sets the bound in bytes per second; {@link #UNBOUNDED} lifts it. Bytes already recorded stay in the window. */
    public synchronized void bound(long bytesPerSecond) {
        this.boundBytesPerSecond = bytesPerSecond;
    }

    public synchronized long bound() {
        return boundBytesPerSecond;
    }

    /** Counts bytes moved now. */
    public synchronized void record(long bytes) {
        long now = clock.millis();
        purge(now);
        Sample last = samples.peekLast();
        if (last == null || now >= last.startMs + window.spanMs()) {
            last = new Sample(now);
            samples.addLast(last);
            if (samples.size() > window.samples()) samples.removeFirst();
        }
        last.bytes += bytes;
    }

    /** The measured rate in bytes per second. */
    public synchronized double rate() {
        long now = clock.millis();
        purge(now);
        long total = 0;
        for (Sample s : samples) total += s.bytes;
        return total * 1000.0 / windowMs(now);
    }

    /** Whether the measured rate is above the bound. */
    public synchronized boolean isExceeded() {
        return boundBytesPerSecond != UNBOUNDED && rate() > boundBytesPerSecond;
    }

    private void purge(long now) {
        long maxAgeMs = window.samples() * window.spanMs();
        while (!samples.isEmpty() && now - samples.peekFirst().startMs >= maxAgeMs) samples.removeFirst();
    }

    private long windowMs(long now) {
        long elapsed = samples.isEmpty() ? 0 : now - samples.peekFirst().startMs;
        long fullSpans = elapsed / window.spanMs();
        long minFullSpans = window.samples() - 1;
        if (fullSpans < minFullSpans) elapsed += (minFullSpans - fullSpans) * window.spanMs();
        return Math.max(elapsed, 1);
    }
}
