package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    private static final int BATCH_SIZE = batch(NOW, "v00").sizeInBytes();

    /** Three batches per segment; every batch stamped with the broker's clock. */
    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("retained", 0), Map.of(
            "segment.bytes", String.valueOf(3 * BATCH_SIZE), "message.timestamp.type", "LogAppendTime",
            "file.delete.delay.ms", "0"));

    private void appendCommitted(int count) throws IOException {
        PartitionLog log = fixture.log();
        for (int i = 0; i < count; i++) {
            long offset = log.logEndOffset();
            log.appendAsLeader(batch(NOW, String.format("v%02d", offset)), 0);
            log.updateHighWatermark(log.logEndOffset());
        }
    }

    @Test
    void deletesSegmentsWhoseNewestRecordIsOlderThanRetentionMs() throws IOException {
        PartitionLog log = fixture.open(Map.of("retention.ms", "60000"));
        appendCommitted(6);                          // segments [0..2], [3..5] at NOW
        fixture.clock().advance(Duration.ofSeconds(30));
        appendCommitted(3);                          // segment [6..8] at NOW+30s
        fixture.clock().advance(Duration.ofSeconds(30));
        appendCommitted(1);                          // segment [9] at NOW+60s

        assertThat(log.deleteExpiredSegments()).isZero();
        fixture.clock().advance(Duration.ofMillis(1));
        assertThat(log.deleteExpiredSegments()).isEqualTo(2);

        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(fixture.files(".log")).containsExactly("00000000000000000006.log", "00000000000000000009.log");
        assertThatThrownBy(() -> log.read(5, 100, log.highWatermark(), true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(values(log.read(6, 1 << 20, log.highWatermark(), true).records())).containsExactly("v06", "v07", "v08");
    }

    @Test
    void aWhollyExpiredLogKeepsAnEmptyActiveSegmentAtItsEnd() throws IOException {
        PartitionLog log = fixture.open(Map.of("retention.ms", "1000"));
        appendCommitted(4);
        fixture.clock().advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(2);
        assertThat(fixture.files(".log")).containsExactly("00000000000000000004.log");
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.read(4, 100, log.highWatermark(), true).records().sizeInBytes()).isZero();
        appendCommitted(1);
        assertThat(values(log.read(4, 1 << 20, log.highWatermark(), true).records())).containsExactly("v04");
    }

    @Test
    void deletesOldestSegmentsWhileTheLogIsAboveRetentionBytes() throws IOException {
        PartitionLog log = fixture.open(Map.of("retention.bytes", "0"));
        log.updateConfig(LogConfig.from(Map.of("segment.bytes", String.valueOf(3 * BATCH_SIZE),
                "message.timestamp.type", "LogAppendTime", "file.delete.delay.ms", "0",
                "retention.bytes", String.valueOf(4 * BATCH_SIZE)), Map.of()));
        appendCommitted(8);                          // 3 + 3 + 2 batches = 8 batches

        assertThat(log.deleteExpiredSegments()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isEqualTo(5L * BATCH_SIZE);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.deleteExpiredSegments()).isZero();
    }

    @Test
    void nothingAboveTheHighWatermarkIsDeleted() throws IOException {
        PartitionLog log = fixture.open(Map.of("retention.ms", "1000"));
        appendCommitted(3);
        log.appendAsLeader(batch(NOW, "uncommitted"), 0);
        fixture.clock().advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void compactOnlyTopicsAreNotDeletedByTime() throws IOException {
        assertNothingDeleted(Map.of("retention.ms", "1000", "cleanup.policy", "compact"), Duration.ofSeconds(5));
    }

    @Test
    void negativeRetentionKeepsEverything() throws IOException {
        assertNothingDeleted(Map.of("retention.ms", "-1", "retention.bytes", "-1"), Duration.ofDays(3650));
    }

    /** Seven batches (three segments), then {@code later}: retention deletes none of them. */
    private void assertNothingDeleted(Map<String, String> overrides, Duration later) throws IOException {
        PartitionLog log = fixture.open(overrides);
        appendCommitted(7);
        fixture.clock().advance(later);
        assertThat(log.deleteExpiredSegments()).isZero();
    }

    @Test
    void deletedSegmentFilesStayReadableUntilTheDeleteDelayPasses() throws IOException {
        PartitionLog log = fixture.open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "60000"));
        appendCommitted(4);
        LogReadInfo inFlight = log.read(0, 1 << 20, log.highWatermark(), true);
        fixture.clock().advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(2);
        assertThat(fixture.files(".log")).containsExactly("00000000000000000004.log");
        assertThat(fixture.dir().resolve("00000000000000000000.log.deleted")).exists();
        assertThat(values(inFlight.records())).containsExactly("v00", "v01", "v02");

        fixture.clock().advance(Duration.ofSeconds(60));
        log.deleteExpiredSegments();
        assertThat(fixture.dir().resolve("00000000000000000000.log.deleted")).doesNotExist();
        assertThat(fixture.dir().resolve("00000000000000000000.index.deleted")).doesNotExist();
    }

    @Test
    void advancingTheLogStartOffsetDeletesWholeSegmentsBelowItAndSurvivesReopen() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        appendCommitted(8);

        log.advanceLogStartOffset(4);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(fixture.files(".log")).containsExactly("00000000000000000003.log", "00000000000000000006.log");
        assertThat(values(log.read(4, 1 << 20, log.highWatermark(), true).records())).containsExactly("v04", "v05");
        assertThatThrownBy(() -> log.read(3, 100, log.highWatermark(), true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.advanceLogStartOffset(9)).isInstanceOf(OffsetOutOfRangeException.class);

        assertThat(fixture.reopen().logStartOffset()).isEqualTo(4);
    }
}
