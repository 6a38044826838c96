package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.batchWithTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

class TimestampLookupTest {

    /** Record timestamps start well before the broker's clock. */
    private static final long T = NOW - 1_000_000;
    private static final Map<String, String> SMALL = Map.of("segment.bytes", "400", "index.interval.bytes", "0");

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("ts", 0));

    private Long offsetFor(long timestamp) throws IOException {
        return fixture.log().offsetForTimestamp(timestamp).map(TimestampAndOffset::offset).orElse(null);
    }

    @Test
    void findsTheFirstRecordAtOrAfterATimestampAcrossSegments() throws IOException {
        PartitionLog log = fixture.open(SMALL);
        // Offsets 0..59, timestamps T, T+10, T+20, ... in batches of three.
        for (int b = 0; b < 20; b++) {
            long base = T + 30L * b;
            log.appendAsLeader(batchWithTimestamps(base, base + 10, base + 20), 3);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(3);

        for (int offset = 0; offset < 60; offset++) {
            long ts = T + 10L * offset;
            assertThat(offsetFor(ts)).as("exact timestamp of offset %d", offset).isEqualTo(offset);
            assertThat(offsetFor(ts - 5)).as("just before offset %d", offset).isEqualTo(offset);
        }
        assertThat(offsetFor(T - 1_000)).isZero();
        assertThat(offsetFor(T + 10L * 59 + 1)).isNull();
        assertThat(log.offsetForTimestamp(T + 20)).contains(new TimestampAndOffset(T + 20, 2, 3));
    }

    @Test
    void handlesTimestampsOutOfOrderInsideAndAcrossBatches() throws IOException {
        PartitionLog log = fixture.open(SMALL);
        log.appendAsLeader(batchWithTimestamps(T + 50, T + 10, T + 30), 0);   // offsets 0..2
        log.appendAsLeader(batchWithTimestamps(T + 20, T + 40), 0);           // offsets 3..4
        log.appendAsLeader(batchWithTimestamps(T + 60, T + 5), 0);            // offsets 5..6

        assertThat(offsetFor(T)).isZero();
        assertThat(offsetFor(T + 11)).isZero();
        assertThat(offsetFor(T + 51)).isEqualTo(5);
        assertThat(offsetFor(T + 61)).isNull();
    }

    @Test
    void respectsTheLogStartOffset() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(batchWithTimestamps(T, T + 1, T + 2, T + 3), 0);
        log.updateHighWatermark(4);
        log.advanceLogStartOffset(2);

        assertThat(offsetFor(T)).isEqualTo(2);
    }

    @Test
    void maxTimestampPointsAtTheRecordCarryingIt() throws IOException {
        PartitionLog log = fixture.open(SMALL);
        assertThat(log.maxTimestampAndOffset()).isEmpty();
        log.appendAsLeader(batchWithTimestamps(T, T + 5, T + 1), 0);        // 0..2
        log.appendAsLeader(batchWithTimestamps(T + 2, T + 90, T + 90, T + 3), 4); // 3..6: max at 4
        log.appendAsLeader(batchWithTimestamps(T + 80), 4);                 // 7

        assertThat(log.maxTimestampAndOffset()).contains(new TimestampAndOffset(T + 90, 4, 4));
        log = fixture.reopen();
        assertThat(log.maxTimestampAndOffset()).contains(new TimestampAndOffset(T + 90, 4, 4));
    }

    @Test
    void logAppendTimeLookupsUseTheBrokersTime() throws IOException {
        PartitionLog log = fixture.open(Map.of("message.timestamp.type", "LogAppendTime"));
        long first = fixture.clock().millis();
        log.appendAsLeader(batch(0L, "a", "b"), 0);
        fixture.clock().advance(java.time.Duration.ofSeconds(1));
        log.appendAsLeader(batch(0L, "c"), 0);

        assertThat(log.offsetForTimestamp(first)).contains(new TimestampAndOffset(first, 0, 0));
        assertThat(offsetFor(first + 1)).isEqualTo(2);
        assertThat(log.maxTimestampAndOffset()).contains(new TimestampAndOffset(first + 1000, 2, 0));
    }
}
