package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer-state snapshots written with segments: what is written when, what an open uses, and what it survives. */
class ProducerStateSnapshotTest {

    private static final TopicPartition TP = new TopicPartition("accounts", 0);
    private static final long NOW = 1_700_000_000_000L;
    private static final long PID = 31L;
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "300", "segment.index.bytes", "4096");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private PartitionLog log;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(dir, TP, LogConfig.from(SMALL_SEGMENTS, Map.of()), clock);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    private void reopen() throws IOException {
        log.close();
        open();
    }

    private void append(MemoryRecords records) throws IOException {
        log.appendAsLeader(records, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Producer {@link #PID} at epoch 2 writes {@code batches} one-record batches, each long enough to roll now and then. */
    private void produce(int batches) throws IOException {
        for (int seq = 0; seq < batches; seq++) append(idempotent(PID, (short) 2, seq, NOW, "value-" + seq + "-long-enough-to-roll-segments"));
    }

    private List<Long> snapshots() throws IOException {
        return ProducerStateSnapshot.offsets(dir);
    }

    private List<Long> segmentBases() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(LogFileNames::baseOffsetOfLogFile).filter(o -> o.isPresent()).map(o -> o.getAsLong()).sorted().toList();
        }
    }

    @Test
    void aSnapshotIsWrittenAtEveryRollAndAtTheEndOnCleanClose() throws IOException {
        produce(10);
        List<Long> bases = segmentBases();
        assertThat(bases).hasSizeGreaterThan(2);
        assertThat(snapshots()).isEqualTo(bases.subList(1, bases.size()));

        log.close();
        assertThat(snapshots()).contains(10L);
    }

    @Test
    void openingUsesTheNewestSnapshotInsteadOfReadingTheLog() throws IOException {
        produce(10);
        log.close();
        // Tamper with the newest snapshot: if the open read the batches, it would know epoch 2, not 9.
        ProducerStateSnapshot.write(dir, 10, new TreeMap<>(), List.of(ProducerEntry.empty(PID, (short) 9)));

        open();

        assertThatThrownBy(() -> append(idempotent(PID, (short) 2, 10, NOW, "x"))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void aCorruptSnapshotIsDeletedAndTheLogIsReplayedFromAnOlderOne() throws IOException {
        produce(10);
        log.close();
        Path newest = LogFileNames.snapshotFile(dir, 10);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x5A}), Files.size(newest) - 3);
        }

        open();

        assertThat(Files.exists(newest)).isFalse();
        assertThat(log.appendAsLeader(idempotent(PID, (short) 2, 9, NOW, "retry"), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> append(idempotent(PID, (short) 2, 12, NOW, "gap"))).isInstanceOf(OutOfOrderSequenceException.class);
        append(idempotent(PID, (short) 2, 10, NOW, "next"));
    }

    @Test
    void withEverySnapshotGoneTheWholeLogIsReplayed() throws IOException {
        produce(10);
        log.close();
        for (long offset : snapshots()) Files.delete(LogFileNames.snapshotFile(dir, offset));

        open();

        assertThat(log.appendAsLeader(idempotent(PID, (short) 2, 9, NOW, "retry"), 0).duplicate()).isTrue();
    }

    @Test
    void anOpenTransactionIsInTheSnapshot() throws IOException {
        append(batch(NOW, "before"));
        append(transactional(PID, (short) 0, 0, NOW, "open"));
        reopen();
        // Only the snapshot could tell: no batch after it is read.
        assertThat(snapshots()).containsExactly(2L);

        assertThat(log.lastStableOffset()).isEqualTo(1);
    }

    @Test
    void snapshotsGoWithTheSegmentsRetentionAndDeleteRecordsRemove() throws IOException {
        produce(10);
        List<Long> bases = segmentBases();
        long secondSegment = bases.get(1);
        log.advanceLogStartOffset(bases.get(2) + 1);

        assertThat(snapshots()).allMatch(offset -> offset >= bases.get(2));
        assertThat(snapshots()).doesNotContain(secondSegment);
    }

    @Test
    void truncationDropsSnapshotsBeyondTheNewEndAndForgetsWhatWasCut() throws IOException {
        produce(10);
        log.close();
        open();
        log.truncateTo(4);

        assertThat(snapshots()).allMatch(offset -> offset <= 4);
        append(idempotent(PID, (short) 2, 4, NOW, "again"));
        assertThat(log.logEndOffset()).isEqualTo(5);
    }
}
