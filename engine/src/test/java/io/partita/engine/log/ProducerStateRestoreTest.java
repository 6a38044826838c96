package io.partita.engine.log;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.marker;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;

/** The producer state and leader epochs rebuilt from snapshots and batch headers on real segment files. */
class ProducerStateRestoreTest {

    private static final long PID = 7L;
    private static final long OTHER_PID = 8L;

    @TempDir
    Path dir;

    private final ProducerStateTable producers = new ProducerStateTable();
    private final LeaderEpochCache epochs = new LeaderEpochCache();
    private LocalLogFixture log;

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    /** Appends {@code records} stamped with {@code leaderEpoch}, as a leader writes them. */
    private void append(MemoryRecords records, int leaderEpoch) throws IOException {
        MemoryRecords stamped = TestBatches.copy(records);
        for (MutableRecordBatch batch : stamped.batches()) batch.setPartitionLeaderEpoch(leaderEpoch);
        log.append(stamped);
    }

    private void restore() throws IOException {
        ProducerStateRestore.run(dir, log.segments, producers, epochs, log.endOffset());
    }

    @Test
    void withoutASnapshotEveryBatchIsReplayed() throws IOException {
        log = new LocalLogFixture(dir, Map.of());
        append(idempotent(PID, (short) 1, 0, NOW, "a", "b"), 3);
        append(idempotent(PID, (short) 1, 2, NOW, "c"), 5);

        restore();

        assertThat(producers.entry(PID).orElseThrow().lastSeq()).isEqualTo(2);
        assertThat(epochs.entries()).isEqualTo(Map.of(3, 0L, 5, 2L));
    }

    @Test
    void theNewestSnapshotIsTakenAndOnlyTheBatchesAfterItAreReplayed() throws IOException {
        log = new LocalLogFixture(dir, Map.of());
        append(idempotent(PID, (short) 1, 0, NOW, "a", "b"), 3);
        ProducerStateSnapshot.write(dir, 2, Map.of(2, 0L), List.of(ProducerEntry.empty(OTHER_PID, (short) 4)));
        append(idempotent(PID, (short) 1, 2, NOW, "c"), 5);

        restore();

        // The snapshot stands for offsets 0 and 1: PID's first batch is not replayed, only its second.
        assertThat(producers.entry(OTHER_PID)).isPresent();
        assertThat(producers.entry(PID).orElseThrow().batches()).hasSize(1);
        assertThat(epochs.entries()).isEqualTo(Map.of(2, 0L, 5, 2L));
    }

    @Test
    void replayedAbortsRebuildTheTransactionIndexAndOpenTransactionsBoundTheStableOffset() throws IOException {
        log = new LocalLogFixture(dir, Map.of());
        append(transactional(PID, (short) 1, 0, NOW, "a"), 0);
        append(marker(PID, (short) 1, 0, false, NOW), 0);
        append(transactional(OTHER_PID, (short) 1, 0, NOW, "b"), 0);

        restore();

        assertThat(log.segments.active().txnIndex().entries()).containsExactly(new AbortedTxn(PID, 0, 1, 2));
        assertThat(producers.firstUnstableOffset()).isEqualTo(2);
    }
}
