package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer-state snapshots written with segments: what is written when, what an open uses, and what it survives. */
class ProducerStateSnapshotTest {

    private static final long PID = 31L;

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("accounts", 0),
            Map.of("segment.bytes", "300", "segment.index.bytes", "4096")).openBeforeEach();

    private void append(MemoryRecords records) throws IOException {
        PartitionLog log = fixture.log();
        log.appendAsLeader(records, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Producer {@link #PID} at epoch 2 writes {@code batches} one-record batches, each long enough to roll now and then. */
    private void produce(int batches) throws IOException {
        for (int seq = 0; seq < batches; seq++) append(idempotent(PID, (short) 2, seq, NOW, "value-" + seq + "-long-enough-to-roll-segments"));
    }

    private List<Long> snapshots() throws IOException {
        return ProducerStateSnapshot.offsets(fixture.dir());
    }

    @Test
    void aSnapshotIsWrittenAtEveryRollAndAtTheEndOnCleanClose() throws IOException {
        produce(10);
        List<Long> bases = fixture.segmentBaseOffsets();
        assertThat(bases).hasSizeGreaterThan(2);
        assertThat(snapshots()).isEqualTo(bases.subList(1, bases.size()));

        fixture.log().close();
        assertThat(snapshots()).contains(10L);
    }

    @Test
    void openingUsesTheNewestSnapshotInsteadOfReadingTheLog() throws IOException {
        produce(10);
        fixture.log().close();
        // Tamper with the newest snapshot: if the open read the batches, it would know epoch 2, not 9.
        ProducerStateSnapshot.write(fixture.dir(), 10, new TreeMap<>(), List.of(ProducerEntry.empty(PID, (short) 9)));

        fixture.reopen();

        assertThatThrownBy(() -> append(idempotent(PID, (short) 2, 10, NOW, "x"))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void aCorruptSnapshotIsDeletedAndTheLogIsReplayedFromAnOlderOne() throws IOException {
        produce(10);
        fixture.log().close();
        Path newest = LogFileNames.snapshotFile(fixture.dir(), 10);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x5A}), Files.size(newest) - 3);
        }

        fixture.reopen();

        assertThat(Files.exists(newest)).isFalse();
        assertThat(fixture.log().appendAsLeader(idempotent(PID, (short) 2, 9, NOW, "retry"), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> append(idempotent(PID, (short) 2, 12, NOW, "gap"))).isInstanceOf(OutOfOrderSequenceException.class);
        append(idempotent(PID, (short) 2, 10, NOW, "next"));
    }

    @Test
    void withEverySnapshotGoneTheWholeLogIsReplayed() throws IOException {
        produce(10);
        fixture.log().close();
        for (long offset : snapshots()) Files.delete(LogFileNames.snapshotFile(fixture.dir(), offset));

        fixture.reopen();

        assertThat(fixture.log().appendAsLeader(idempotent(PID, (short) 2, 9, NOW, "retry"), 0).duplicate()).isTrue();
    }

    @Test
    void anOpenTransactionIsInTheSnapshot() throws IOException {
        append(batch(NOW, "before"));
        append(transactional(PID, (short) 0, 0, NOW, "open"));
        fixture.reopen();
        // Only the snapshot could tell: no batch after it is read.
        assertThat(snapshots()).containsExactly(2L);

        assertThat(fixture.log().lastStableOffset()).isEqualTo(1);
    }

    @Test
    void snapshotsGoWithTheSegmentsRetentionAndDeleteRecordsRemove() throws IOException {
        produce(10);
        List<Long> bases = fixture.segmentBaseOffsets();
        long secondSegment = bases.get(1);
        fixture.log().advanceLogStartOffset(bases.get(2) + 1);

        assertThat(snapshots()).allMatch(offset -> offset >= bases.get(2));
        assertThat(snapshots()).doesNotContain(secondSegment);
    }

    @Test
    void truncationDropsSnapshotsBeyondTheNewEndAndForgetsWhatWasCut() throws IOException {
        produce(10);
        fixture.reopen().truncateTo(4);

        assertThat(snapshots()).allMatch(offset -> offset <= 4);
        append(idempotent(PID, (short) 2, 4, NOW, "again"));
        assertThat(fixture.log().logEndOffset()).isEqualTo(5);
    }
}
