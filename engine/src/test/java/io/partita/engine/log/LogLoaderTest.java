package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading a partition directory written by a {@link LocalLog} (no {@link PartitionLog}), as after a stop or a crash. */
class LogLoaderTest {

    private static final TopicPartition TP = new TopicPartition("loaded", 0);
    private static final int BATCH_SIZE = batch(NOW, "v0").sizeInBytes();

    @TempDir
    Path dir;

    private final LogConfig config = LogConfig.from(Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE)),
            Map.of("segment.index.bytes", "4096"));
    private LogLoader.Loaded loaded;

    @AfterEach
    void release() throws IOException {
        if (loaded != null) loaded.segments().releaseAll();
    }

    /** Segments [0,1] [2,3] [4] of one-record batches, flushed and released without a clean close. */
    private void writeFiveBatches() throws IOException {
        LocalLogFixture log = new LocalLogFixture(dir, Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE)));
        for (int i = 0; i < 5; i++) log.append(batch(NOW, "v" + i));
        log.local.flush();
        log.local.release();
    }

    private LogLoader.Loaded load() throws IOException {
        loaded = LogLoader.load(dir, TP, config, false);
        return loaded;
    }

    @Test
    void anEmptyDirectoryGetsOneEmptySegmentAtTheCheckpointedLogStart() throws IOException {
        new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE)).write(42);

        LogLoader.Loaded l = load();

        assertThat(l.segments().all()).extracting(LogSegment::baseOffset).containsExactly(42L);
        assertThat(l.end()).isEqualTo(new LogEndPosition(42, 42, 0));
        assertThat(l.logStartOffset()).isEqualTo(42);
        assertThat(l.cleanedUpTo()).isZero();
    }

    @Test
    void aCrashedActiveSegmentIsTruncatedAfterItsLastWholeBatch() throws IOException {
        writeFiveBatches();
        Files.write(LogFileNames.logFile(dir, 4), new byte[]{1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

        LogLoader.Loaded l = load();

        assertThat(l.end()).isEqualTo(new LogEndPosition(5, 4, BATCH_SIZE));
        assertThat(Files.size(LogFileNames.logFile(dir, 4))).isEqualTo(BATCH_SIZE);
        assertThat(l.segments().all()).extracting(LogSegment::baseOffset).containsExactly(0L, 2L, 4L);
    }

    @Test
    void theCleanShutdownMarkerIsConsumedDurably() throws IOException {
        writeFiveBatches();
        Path marker = dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE);
        Files.createFile(marker);

        LogLoader.Loaded l = load();

        assertThat(marker).doesNotExist();
        assertThat(l.end().nextOffset()).isEqualTo(5);
    }

    @Test
    void leftoversGoAndMissingIndexesOfOlderSegmentsAreRebuilt() throws IOException {
        writeFiveBatches();
        Files.delete(LogFileNames.offsetIndexFile(dir, 0));
        Files.createFile(dir.resolve("00000000000000000009.log" + LogFileNames.DELETED_SUFFIX));
        Files.createFile(LogFileNames.tempFile(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE)));

        LogLoader.Loaded l = load();

        assertThat(LogFileNames.offsetIndexFile(dir, 0)).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> LogFileNames.isDeletedSegmentFile(f) || LogFileNames.isTempFile(f))).isEmpty();
        }
        assertThat(l.segments().oldest().batchContaining(1, BATCH_SIZE * 2)).isPresent();
    }

    @Test
    void theCheckpointsAndProducerStateAreRestored() throws IOException {
        LocalLogFixture log = new LocalLogFixture(dir, Map.of());
        log.append(idempotent(11L, (short) 0, 0, NOW, "a", "b"));
        log.local.flush();
        log.local.release();
        new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE)).write(1);
        new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE)).write(2);

        LogLoader.Loaded l = load();

        assertThat(l.logStartOffset()).isEqualTo(1);
        assertThat(l.cleanedUpTo()).isEqualTo(2);
        assertThat(l.producers().entry(11L).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    void aFailedLoadReleasesWhatItOpenedSoTheDirectoryLoadsAgain() throws IOException {
        writeFiveBatches();
        Files.writeString(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE), "garbage");

        assertThatThrownBy(this::load).isInstanceOf(IOException.class);

        Files.delete(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE));
        assertThat(load().end().nextOffset()).isEqualTo(5);
    }
}
