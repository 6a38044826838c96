package io.partita.engine.quota;

import io.partita.engine.log.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sampled rate of the quotas, on a clock moved by hand. */
class RateQuotaTest {

    private final MutableClock clock = new MutableClock(1_000_000);
    /** Kafka's defaults: 11 samples of 1 s. */
    private final RateQuota quota = new RateQuota(clock, RateQuota.Window.kafkaRate(11, 1_000));

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
        quota.bound(RateQuota.UNBOUNDED);
        assertThat(quota.isExceeded()).isFalse();
    }

    @Test
    void theThrottleLastsUntilTheWindowCoversWhatItHoldsAtTheBound() {
        quota.bound(1_000);
        quota.record(12_000);
        // Measured over at least 10 s, 12 000 is 1 200 per second; at 1 000 per second it takes 12 s.
        assertThat(quota.throttleMs()).isEqualTo(12_000);
        clock.advance(Duration.ofMillis(10_000));
        assertThat(quota.isExceeded()).isTrue();
        assertThat(quota.throttleMs()).isEqualTo(2_000);
        // A sample leaves the window after 11 spans: waiting may end sooner than the throttle said, never later.
        clock.advance(Duration.ofMillis(1_000));
        assertThat(quota.isExceeded()).isFalse();
        assertThat(quota.throttleMs()).isZero();
    }

    @Test
    void aQuotaFromTheFirstSpanLetsOnlyOneSpansWorthThroughAtOnce() {
        RateQuota fromFirstSpan = new RateQuota(clock, RateQuota.Window.fromFirstSpan(11, 1_000));
        fromFirstSpan.bound(1_000);
        fromFirstSpan.record(1_000);
        assertThat(fromFirstSpan.throttleMs()).isZero();
        fromFirstSpan.record(500);
        assertThat(fromFirstSpan.throttleMs()).isEqualTo(1_500);
    }

    @Test
    void aGreedyClientThatWaitsItsThrottleTimeHoldsTheBoundOverAnyHalfMinute() {
        RateQuota fromFirstSpan = new RateQuota(clock, RateQuota.Window.fromFirstSpan(11, 1_000));
        fromFirstSpan.bound(1_000_000);
        long start = clock.millis();
        long moved = 0;
        long movedAfterTenSeconds = 0;
        while (clock.millis() - start < 40_000) {
            fromFirstSpan.record(16_384);
            moved += 16_384;
            if (clock.millis() - start < 10_000) movedAfterTenSeconds = moved;
            clock.advance(Duration.ofMillis(1 + fromFirstSpan.throttleMs()));
        }
        assertThat(movedAfterTenSeconds / 10.0).isCloseTo(1_000_000, within(50_000.0));
        assertThat((moved - movedAfterTenSeconds) / 30.0).isCloseTo(1_000_000, within(50_000.0));
    }
}
