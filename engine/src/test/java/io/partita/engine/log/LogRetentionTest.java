package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deletion rules on real segments, without a {@link PartitionLog}: the high watermark and end are the test's. */
class LogRetentionTest {

    private static final int BATCH_SIZE = batch(NOW, "v00").sizeInBytes();

    @TempDir
    Path dir;

    private LocalLogFixture log;
    private LogRetention retention;

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    /** Two batches per segment, {@code count} batches at the clock's time, one per offset. */
    private void open(Map<String, String> retentionConfig, int count) throws IOException {
        Map<String, String> overrides = new HashMap<>(retentionConfig);
        overrides.put("segment.bytes", String.valueOf(2 * BATCH_SIZE));
        log = new LocalLogFixture(dir, overrides);
        retention = new LogRetention(dir, new TopicPartition("t", 0), log.segments, log.deletions, 0,
                () -> log.local.roll(log.endOffset(), log.config));
        append(count);
    }

    private void append(int count) throws IOException {
        for (int i = 0; i < count; i++) log.append(batch(log.clock.millis(), String.format("v%02d", log.endOffset())));
    }

    private int deleteExpired(long highWatermark) throws IOException {
        return retention.deleteExpired(log.config, log.clock.millis(), highWatermark, log.endOffset());
    }

    @Test
    void retentionMsDeletesOldSegmentsOnlyWhollyBelowTheHighWatermark() throws IOException {
        open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "0"), 5);  // [0,1] [2,3] [4]
        log.clock.advance(Duration.ofSeconds(2));

        assertThat(deleteExpired(3)).isEqualTo(1);
        assertThat(log.baseOffsets()).containsExactly(2L, 4L);
        assertThat(retention.logStartOffset()).isEqualTo(2);

        assertThat(deleteExpired(4)).isEqualTo(1);
        assertThat(log.baseOffsets()).containsExactly(4L);
        assertThat(log.files(".log")).containsExactly("00000000000000000004.log");
    }

    @Test
    void aWhollyExpiredLogRollsAnEmptyActiveSegmentAtItsEndFirst() throws IOException {
        open(Map.of("retention.ms", "1000"), 4);  // [0,1] [2,3]
        log.clock.advance(Duration.ofSeconds(2));

        assertThat(deleteExpired(4)).isEqualTo(2);

        assertThat(log.baseOffsets()).containsExactly(4L);
        assertThat(log.rolls).contains(4L);
        assertThat(retention.logStartOffset()).isEqualTo(4);
    }

    @Test
    void retentionBytesDeletesTheOldestSegmentsWhileTheLogIsAboveIt() throws IOException {
        open(Map.of("retention.bytes", String.valueOf(3 * BATCH_SIZE)), 6);  // [0,1] [2,3] [4,5]

        assertThat(deleteExpired(6)).isEqualTo(1);

        assertThat(log.baseOffsets()).containsExactly(2L, 4L);
        assertThat(retention.logStartOffset()).isEqualTo(2);
    }

    @Test
    void deletedSegmentsKeepTheirFilesForFileDeleteDelayMs() throws IOException {
        open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "60000"), 3);  // [0,1] [2]
        log.clock.advance(Duration.ofSeconds(2));

        assertThat(deleteExpired(2)).isEqualTo(1);
        assertThat(log.files(LogFileNames.DELETED_SUFFIX)).contains("00000000000000000000.log" + LogFileNames.DELETED_SUFFIX);

        log.clock.advance(Duration.ofMinutes(1));
        deleteExpired(2);
        assertThat(log.files(LogFileNames.DELETED_SUFFIX)).isEmpty();
    }

    @Test
    void advancingTheStartIsDurableAndDeletesSegmentsWhollyBelowIt() throws IOException {
        open(Map.of("file.delete.delay.ms", "0"), 5);  // [0,1] [2,3] [4]

        assertThatThrownBy(() -> retention.advanceTo(5, log.config, log.clock.millis(), 4, log.endOffset()))
                .isInstanceOf(OffsetOutOfRangeException.class);
        retention.advanceTo(3, log.config, log.clock.millis(), 4, log.endOffset());

        assertThat(retention.logStartOffset()).isEqualTo(3);
        assertThat(log.baseOffsets()).containsExactly(2L, 4L);
        assertThat(new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE)).read()).hasValue(3);

        retention.advanceTo(1, log.config, log.clock.millis(), 4, log.endOffset());
        assertThat(retention.logStartOffset()).isEqualTo(3);
    }
}
