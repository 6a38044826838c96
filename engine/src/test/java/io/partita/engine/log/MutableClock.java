package io.partita.engine.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock tests move forward by hand: from a fixed time (retention, rolling by time, log-append time, replication quotas,
 * virtual-time schedulers), or ahead of the system clock, for a node whose other timers must keep running. Millisecond precision;
 * thread-safe (a node reads it on its own threads while the test moves it).
 */
public final class MutableClock extends Clock {

    private final Clock base;
    private final AtomicLong advancedMillis = new AtomicLong();

    /** Stands at {@code millis} until moved. */
    public MutableClock(long millis) {
        this(Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** The system clock plus what the test has advanced it by. */
    public static MutableClock aheadOfSystemTime() {
        return new MutableClock(Clock.systemUTC());
    }

    public void advance(Duration d) {
        advancedMillis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return base.millis() + advancedMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
