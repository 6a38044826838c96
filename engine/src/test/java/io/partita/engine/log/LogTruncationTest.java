package io.partita.engine.log;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Truncation of segments, snapshots, producer state and leader epochs together, on real files. */
class LogTruncationTest {

    private static final long PID = 7L;

    @TempDir
    Path dir;

    private final ProducerStateTable producers = new ProducerStateTable();
    private final LeaderEpochCache epochs = new LeaderEpochCache();
    private final List<Long> lowered = new ArrayList<>();
    private LocalLogFixture log;
    private LogTruncation truncation;

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    /** Two batches per segment. */
    private void open() throws IOException {
        int batchSize = idempotent(PID, (short) 1, 0, NOW, "v0").sizeInBytes();
        log = new LocalLogFixture(dir, Map.of("segment.bytes", String.valueOf(2 * batchSize)));
        truncation = new LogTruncation(dir, log.local, log.segments, producers, epochs);
    }

    /** Appends {@code records} stamped with {@code leaderEpoch} and records them in the producer state and epochs. */
    private void append(MemoryRecords records, int leaderEpoch) throws IOException {
        MemoryRecords stamped = TestBatches.copy(records);
        for (MutableRecordBatch b : stamped.batches()) b.setPartitionLeaderEpoch(leaderEpoch);
        long base = log.endOffset();
        log.append(stamped);
        epochs.assign(leaderEpoch, base);
        ProducerStateRestore.run(dir, log.segments, producers, epochs, log.endOffset());
    }

    private void truncateTo(long target) throws IOException {
        truncation.truncateTo(target, log.config, lowered::add);
    }

    @Test
    void batchesSnapshotsProducerStateAndEpochsFromTheTargetOnGo() throws IOException {
        open();
        for (int seq = 0; seq < 5; seq++) {
            append(idempotent(PID, (short) 1, seq, NOW, "v" + seq), seq < 3 ? 1 : 2);
            // Snapshots at 2 and 4, as rolls take them.
            if (seq % 2 == 1) ProducerStateSnapshot.write(dir, log.endOffset(), epochs.entries(), producers.entries());
        }

        truncateTo(3);

        assertThat(log.endOffset()).isEqualTo(3);
        assertThat(lowered).containsExactly(3L);
        assertThat(log.baseOffsets()).containsExactly(0L, 2L);
        assertThat(values(log.local.read(log.local.end(), 2, 1 << 20, Long.MAX_VALUE, true).orElseThrow()))
                .containsExactly("v2");
        assertThat(ProducerStateSnapshot.offsets(dir)).containsExactly(2L);
        assertThat(producers.entry(PID).orElseThrow().lastSeq()).isEqualTo(2);
        assertThat(epochs.entries()).isEqualTo(Map.of(1, 0L));
    }

    @Test
    void atTheLogEndNoBatchGoesButAnEpochTakenThereDoes() throws IOException {
        open();
        append(batch(NOW, "a"), 1);
        epochs.assign(3, log.endOffset());

        truncateTo(log.endOffset());

        assertThat(log.endOffset()).isEqualTo(1);
        assertThat(lowered).isEmpty();
        assertThat(epochs.entries()).isEqualTo(Map.of(1, 0L));
    }
}
