package io.partita.engine.replication;

import io.partita.engine.log.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sampled byte rate of the replication throttles, on a clock moved by hand. */
class ReplicationQuotaTest {

    private final MutableClock clock = new MutableClock(1_000_000);
    /** Kafka's defaults: 11 samples of 1 s. */
    private final ReplicationQuota quota = new ReplicationQuota(clock, new ReplicationQuota.Window(11, 1_000));

    @Test
    void anUnboundedQuotaIsNeverExceeded() {
        quota.record(Long.MAX_VALUE / 2_000);
        assertThat(quota.isExceeded()).isFalse();
    }

    @Test
    void aFreshQuotaMeasuresOverAllButOneSpanSoAFirstBurstPassesUpToThatMuch() {
        quota.bound(1_000);
        quota.record(10_000);
        assertThat(quota.rate()).isCloseTo(1_000, within(0.001));
        assertThat(quota.isExceeded()).isFalse();
        quota.record(1);
        assertThat(quota.isExceeded()).isTrue();
    }

    @Test
    void anExceededQuotaRecoversOnceTheAverageOverTheWindowIsBelowTheBound() {
        quota.bound(1_000);
        quota.record(15_000);
        assertThat(quota.isExceeded()).isTrue();
        clock.advance(Duration.ofMillis(14_000));
        // The sample aged out after 11 spans: nothing is left in the window.
        assertThat(quota.rate()).isZero();
        assertThat(quota.isExceeded()).isFalse();
    }

    @Test
    void aSteadyTransferIsMeasuredAtItsRate() {
        quota.bound(2_000);
        for (int second = 0; second < 30; second++) {
            quota.record(1_000);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(quota.rate()).isCloseTo(1_000, within(100.0));
        assertThat(quota.isExceeded()).isFalse();
        quota.bound(500);
        assertThat(quota.isExceeded()).isTrue();
    }

    @Test
    void aTransferThatChecksBeforeEachChunkAveragesTheBoundOverTime() {
        quota.bound(10_000);
        long moved = 0;
        for (int tick = 0; tick < 60_000; tick += 10) {
            if (!quota.isExceeded()) {
                quota.record(4_000);
                moved += 4_000;
            }
            clock.advance(Duration.ofMillis(10));
        }
        // 60 s at 10 kB/s, plus at most the first window's allowance and one chunk's overshoot.
        assertThat(moved).isBetween(600_000L, 600_000L + 100_000L + 4_000L);
    }

    @Test
    void liftingTheBoundLetsBytesFlowAtOnce() {
        quota.bound(100);
        quota.record(5_000);
        assertThat(quota.isExceeded()).isTrue();
        quota.bound(ReplicationQuota.UNBOUNDED);
        assertThat(quota.isExceeded()).isFalse();
    }
}
