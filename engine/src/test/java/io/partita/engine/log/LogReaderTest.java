package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetch reads bounded by the log start offset and the published end, on real segments without a {@link PartitionLog}. */
class LogReaderTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH_SIZE = batch(NOW, "v0").sizeInBytes();

    @TempDir
    Path dir;

    private LocalLogFixture log;
    private LogRetention retention;
    private LogReader reader;
    /** Run when the reader takes the high watermark (3): a test acts there, in the middle of a read. */
    private Runnable onHighWatermarkRead = () -> { };

    /** Batches v0..v4 at offsets 0..4, two per segment, the high watermark at 3. */
    @BeforeEach
    void open() throws IOException {
        log = new LocalLogFixture(dir, Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE), "file.delete.delay.ms", "0"));
        retention = new LogRetention(dir, TP, log.segments, log.deletions, 0,
                () -> log.local.roll(log.endOffset(), log.config));
        reader = new LogReader(TP, log.local, retention, () -> {
            onHighWatermarkRead.run();
            return 3;
        });
        for (int i = 0; i < 5; i++) log.append(batch(NOW, "v" + i));
    }

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    @Test
    void readsWholeBatchesOfOneSegmentFromTheFetchOffsetBelowTheOffsetBound() throws IOException {
        LogReadInfo info = reader.read(2, 1 << 20, 3, false);

        assertThat(values(info.records())).containsExactly("v2");
        assertThat(info.highWatermark()).isEqualTo(3);
        assertThat(info.logStartOffset()).isZero();
        assertThat(info.logEndOffset()).isEqualTo(5);
    }

    @Test
    void atTheLogEndOrTheOffsetBoundNothingIsRead() throws IOException {
        assertThat(reader.read(5, 1 << 20, Long.MAX_VALUE, true).records().sizeInBytes()).isZero();
        assertThat(reader.read(2, 1 << 20, 2, true).records().sizeInBytes()).isZero();
    }

    @Test
    void offsetsBelowTheLogStartOrAboveTheEndAreOutOfRange() throws IOException {
        retention.advanceTo(2, log.config, NOW, 3, log.endOffset());

        assertThatThrownBy(() -> reader.read(1, 1 << 20, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> reader.read(6, 1 << 20, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(values(reader.read(2, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly("v2", "v3");
    }

    @Test
    void aSegmentRetentionRemovesDuringTheReadIsOutOfRangeNotEmpty() {
        onHighWatermarkRead = () -> {
            try {
                retention.advanceTo(2, log.config, NOW, 3, log.endOffset());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        assertThatThrownBy(() -> reader.read(0, 1 << 20, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("was deleted while being read");
    }
}
