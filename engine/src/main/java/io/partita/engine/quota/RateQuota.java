package io.partita.engine.quota;

import java.time.Clock;
import java.util.ArrayDeque;

/**
 * A rate (bytes, milliseconds of thread time, partitions: any amount per second) measured over a sliding window of
 * samples, against a bound, as Kafka measures its quotas: {@code samples} spans of {@code spanMs} each ({@code
 * quota.window.num} x {@code quota.window.size.seconds} for client quotas, {@code replication.quota.window.*} for
 * the replication throttles).
 *
 * <p>A sample begins with the first amount recorded after the previous one's span ended, and counts until it is
 * {@code samples} spans old. The rate is the amount in the live samples divided by the time since the oldest began,
 * but never by less than {@link Window#minSpans()} spans. Kafka's own rate divides by at least {@code samples - 1}
 * spans ({@link Window#kafkaRate}), so a fresh quota lets about {@code (samples - 1) x span x bound} pass at once;
 * once that burst leaves the window a greedy client bursts again, so what it moves over any half minute swings by
 * a third around the bound. Client quotas divide by at least one span ({@link Window#fromFirstSpan}): a greedy
 * client holds the bound from its first second on, within a few percent over any 20 s.
 *
 * <p>Callers either check {@link #isExceeded()} before they move an amount and {@link #record} what they moved (one
 * transfer may overshoot; the window then holds the next ones back), or record first and wait {@link #throttleMs()}
 * (Kafka's client quotas): the time after which the average over the window is back at the bound. Kafka computes
 * that time as the excess over the measured window, which, while the window is shorter than its minimum, is less
 * than it takes; here it is the time until the window's span covers what it holds at the bound.
 *
 * <p>Times come from the given clock. Thread-safe (synchronized): amounts are recorded on the threads that move
 * them, the bound changes on whichever thread learns of a new setting.
 */
public final class RateQuota {

    /** No bound: Kafka's default for every quota. */
    public static final double UNBOUNDED = Double.POSITIVE_INFINITY;

    /** How the rate is measured: {@code samples} spans of {@code spanMs} each, divided by at least {@code minSpans}. */
    public record Window(int samples, long spanMs, int minSpans) {
        public Window {
            if (samples < 1 || spanMs < 1) throw new IllegalArgumentException("A quota window needs at least one sample of 1 ms");
            if (minSpans < 0 || minSpans > samples) throw new IllegalArgumentException("A quota divides by 0 to " + samples + " spans");
        }

        /** As Kafka's rate: at least {@code samples - 1} spans. */
        public static Window kafkaRate(int samples, long spanMs) {
            return new Window(samples, spanMs, samples - 1);
        }

        /** At least one span: no burst of a whole window at the start. */
        public static Window fromFirstSpan(int samples, long spanMs) {
            return new Window(samples, spanMs, 1);
        }

        /** The whole window in milliseconds. */
        public long totalMs() {
            return samples * spanMs;
        }
    }

    private static final class Sample {
        final long startMs;
        double amount;

        Sample(long startMs) {
            this.startMs = startMs;
        }
    }

    private final Clock clock;
    private final Window window;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private double bound = UNBOUNDED;
    private long lastRecordedMs;

    public RateQuota(Clock clock, Window window) {
        this.clock = clock;
        this.window = window;
        this.lastRecordedMs = clock.millis();
    }

    /** Sets the bound per second; {@link #UNBOUNDED} lifts it. What was recorded stays in the window. */
    public synchronized void bound(double perSecond) {
        this.bound = perSecond;
    }

    public synchronized double bound() {
        return bound;
    }

    /** Counts an amount moved now; a negative one takes back what was recorded. */
    public synchronized void record(double amount) {
        long now = clock.millis();
        purge(now);
        Sample last = samples.peekLast();
        if (last == null || now >= last.startMs + window.spanMs()) {
            last = new Sample(now);
            samples.addLast(last);
            if (samples.size() > window.samples()) samples.removeFirst();
        }
        last.amount += amount;
        lastRecordedMs = now;
    }

    /** The measured rate per second. */
    public synchronized double rate() {
        long now = clock.millis();
        purge(now);
        double total = 0;
        for (Sample s : samples) total += s.amount;
        return total * 1000.0 / windowMs(now);
    }

    /** Whether the measured rate is above the bound. */
    public synchronized boolean isExceeded() {
        return bound != UNBOUNDED && rate() > bound;
    }

    /**
     * How long nothing more may be recorded for the rate to come back to the bound (0 when it is not above): the
     * time at which the window, measured from its oldest sample, is long enough for what it holds at the bound's
     * pace (samples that age out meanwhile only shorten it).
     */
    public synchronized long throttleMs() {
        if (bound == UNBOUNDED) return 0;
        long now = clock.millis();
        purge(now);
        double total = 0;
        for (Sample s : samples) total += s.amount;
        if (total * 1000.0 / windowMs(now) <= bound) return 0;
        return Math.round(total * 1000.0 / bound - (now - samples.peekFirst().startMs));
    }

    /** When something was last recorded (or the quota made), on the clock's milliseconds. */
    public synchronized long lastRecordedMs() {
        return lastRecordedMs;
    }

    private void purge(long now) {
        while (!samples.isEmpty() && now - samples.peekFirst().startMs >= window.totalMs()) samples.removeFirst();
    }

    private long windowMs(long now) {
        long elapsed = samples.isEmpty() ? 0 : now - samples.peekFirst().startMs;
        long fullSpans = elapsed / window.spanMs();
        if (fullSpans < window.minSpans()) elapsed += (window.minSpans() - fullSpans) * window.spanMs();
        return Math.max(elapsed, 1);
    }
}
