package io.partita.engine.schedule;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixed log-2 buckets of a wait-time histogram and the quantiles read from them. */
class WaitTimeHistogramTest {

    private final WaitTimeHistogram histogram = new WaitTimeHistogram();

    @Test
    void aWaitFallsInTheBucketOfItsPowerOfTwoInMicroseconds() {
        histogram.record(999);                                  // under 1 µs: bucket 0
        histogram.record(TimeUnit.MICROSECONDS.toNanos(1));     // [1, 2) µs: bucket 1
        histogram.record(TimeUnit.MICROSECONDS.toNanos(3));     // [2, 4) µs: bucket 2
        histogram.record(TimeUnit.MICROSECONDS.toNanos(4));     // [4, 8) µs: bucket 3
        histogram.record(TimeUnit.MILLISECONDS.toNanos(1));     // 1000 µs, [512, 1024): bucket 10

        WaitTimeHistogram.Snapshot snapshot = histogram.snapshot();
        assertThat(snapshot.count()).isEqualTo(5);
        assertThat(new long[]{snapshot.bucketCount(0), snapshot.bucketCount(1), snapshot.bucketCount(2),
                snapshot.bucketCount(3), snapshot.bucketCount(10)}).containsOnly(1);
        assertThat(snapshot.maxMicros()).isEqualTo(1_000);
    }

    @Test
    void waitsBeyondTheLastBucketAndNegativeOnesAreKeptAtTheEnds() {
        histogram.record(TimeUnit.HOURS.toNanos(1));
        histogram.record(-5);

        WaitTimeHistogram.Snapshot snapshot = histogram.snapshot();
        assertThat(snapshot.bucketCount(WaitTimeHistogram.BUCKETS - 1)).isEqualTo(1);
        assertThat(snapshot.bucketCount(0)).isEqualTo(1);
        assertThat(snapshot.maxMicros()).isEqualTo(TimeUnit.HOURS.toMicros(1));
    }

    @Test
    void aQuantileIsTheUpperEndOfItsBucketCappedAtTheLongestWait() {
        for (int i = 0; i < 99; i++) histogram.record(TimeUnit.MICROSECONDS.toNanos(5));   // [4, 8) µs
        histogram.record(TimeUnit.MICROSECONDS.toNanos(3_000));                             // [2048, 4096) µs

        WaitTimeHistogram.Snapshot snapshot = histogram.snapshot();
        assertThat(snapshot.quantileMicros(0.5)).isEqualTo(8);
        assertThat(snapshot.quantileMicros(0.99)).isEqualTo(8);
        assertThat(snapshot.quantileMicros(1)).isEqualTo(3_000);
        assertThat(snapshot).hasToString("n=100 p50<=8µs p99<=8µs max=3000µs");
    }

    @Test
    void anEmptyHistogramHasNoWaits() {
        WaitTimeHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.count()).isZero();
        assertThat(snapshot.quantileMicros(0.99)).isZero();
        assertThatThrownBy(() -> snapshot.quantileMicros(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
