package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    private static final TopicPartition TP = new TopicPartition("retained", 0);
    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T);
    private PartitionLog log;
    private int batchSize;

    @AfterEach
    void close() throws IOException {
        if (log != null) log.close();
    }

    /** Three batches per segment; every batch stamped with the broker's clock. */
    private PartitionLog open(Map<String, String> extra) throws IOException {
        batchSize = batch(T, "v00").sizeInBytes();
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "segment.bytes", String.valueOf(3 * batchSize), "message.timestamp.type", "LogAppendTime",
                "file.delete.delay.ms", "0"));
        overrides.putAll(extra);
        log = PartitionLog.open(dir, TP, LogConfig.from(overrides, Map.of()), clock);
        return log;
    }

    private void appendCommitted(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            long offset = log.logEndOffset();
            log.appendAsLeader(batch(T, String.format("v%02d", offset)), 0);
            log.updateHighWatermark(log.logEndOffset());
        }
    }

    private List<String> logFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void deletesSegmentsWhoseNewestRecordIsOlderThanRetentionMs() throws IOException {
        open(Map.of("retention.ms", "60000"));
        appendCommitted(6);                          // segments [0..2], [3..5] at T
        clock.advance(Duration.ofSeconds(30));
        appendCommitted(3);                          // segment [6..8] at T+30s
        clock.advance(Duration.ofSeconds(30));
        appendCommitted(1);                          // segment [9] at T+60s

        assertThat(log.deleteExpiredSegments()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(log.deleteExpiredSegments()).isEqualTo(2);

        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(logFiles()).containsExactly("00000000000000000006.log", "00000000000000000009.log");
        assertThatThrownBy(() -> log.read(5, 100, log.highWatermark(), true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(values(log.read(6, 1 << 20, log.highWatermark(), true).records())).containsExactly("v06", "v07", "v08");
    }

    @Test
    void aWhollyExpiredLogKeepsAnEmptyActiveSegmentAtItsEnd() throws IOException {
        open(Map.of("retention.ms", "1000"));
        appendCommitted(4);
        clock.advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(2);
        assertThat(logFiles()).containsExactly("00000000000000000004.log");
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.read(4, 100, log.highWatermark(), true).records().sizeInBytes()).isZero();
        appendCommitted(1);
        assertThat(values(log.read(4, 1 << 20, log.highWatermark(), true).records())).containsExactly("v04");
    }

    @Test
    void deletesOldestSegmentsWhileTheLogIsAboveRetentionBytes() throws IOException {
        open(Map.of("retention.bytes", "0"));
        log.updateConfig(LogConfig.from(Map.of("segment.bytes", String.valueOf(3 * batchSize),
                "message.timestamp.type", "LogAppendTime", "file.delete.delay.ms", "0",
                "retention.bytes", String.valueOf(4 * batchSize)), Map.of()));
        appendCommitted(8);                          // 3 + 3 + 2 batches = 8 batches

        assertThat(log.deleteExpiredSegments()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isEqualTo(5L * batchSize);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.deleteExpiredSegments()).isZero();
    }

    @Test
    void nothingAboveTheHighWatermarkIsDeleted() throws IOException {
        open(Map.of("retention.ms", "1000"));
        appendCommitted(3);
        log.appendAsLeader(batch(T, "uncommitted"), 0);
        clock.advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void compactOnlyTopicsAreNotDeletedByTime() throws IOException {
        open(Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
        appendCommitted(7);
        clock.advance(Duration.ofSeconds(5));
        assertThat(log.deleteExpiredSegments()).isZero();
    }

    @Test
    void negativeRetentionKeepsEverything() throws IOException {
        open(Map.of("retention.ms", "-1", "retention.bytes", "-1"));
        appendCommitted(7);
        clock.advance(Duration.ofDays(3650));
        assertThat(log.deleteExpiredSegments()).isZero();
    }

    @Test
    void deletedSegmentFilesStayReadableUntilTheDeleteDelayPasses() throws IOException {
        open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "60000"));
        appendCommitted(4);
        LogReadInfo inFlight = log.read(0, 1 << 20, log.highWatermark(), true);
        clock.advance(Duration.ofSeconds(2));

        assertThat(log.deleteExpiredSegments()).isEqualTo(2);
        assertThat(logFiles()).containsExactly("00000000000000000004.log");
        assertThat(dir.resolve("00000000000000000000.log.deleted")).exists();
        assertThat(values(inFlight.records())).containsExactly("v00", "v01", "v02");

        clock.advance(Duration.ofSeconds(60));
        log.deleteExpiredSegments();
        assertThat(dir.resolve("00000000000000000000.log.deleted")).doesNotExist();
        assertThat(dir.resolve("00000000000000000000.index.deleted")).doesNotExist();
    }

    @Test
    void advancingTheLogStartOffsetDeletesWholeSegmentsBelowItAndSurvivesReopen() throws IOException {
        open(Map.of());
        appendCommitted(8);

        log.advanceLogStartOffset(4);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(logFiles()).containsExactly("00000000000000000003.log", "00000000000000000006.log");
        assertThat(values(log.read(4, 1 << 20, log.highWatermark(), true).records())).containsExactly("v04", "v05");
        assertThatThrownBy(() -> log.read(3, 100, log.highWatermark(), true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.advanceLogStartOffset(9)).isInstanceOf(OffsetOutOfRangeException.class);

        log.close();
        open(Map.of());
        assertThat(log.logStartOffset()).isEqualTo(4);
    }
}
