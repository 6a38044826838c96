package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.marker;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;

/** The last stable offset and the aborted-transaction index of a partition log, on real files. */
class TransactionalLogTest {

    private static final short EPOCH = 0;

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("ledger", 0));

    private long append(MemoryRecords records) throws IOException {
        PartitionLog log = fixture.log();
        long first = log.appendAsLeader(records, 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return first;
    }

    private long end(long producerId, boolean commit) throws IOException {
        PartitionLog log = fixture.log();
        long offset = log.appendAsLeader(marker(producerId, EPOCH, 0, commit, NOW), 0, AppendOrigin.COORDINATOR).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return offset;
    }

    @Test
    void theLastStableOffsetStopsAtTheEarliestOpenTransactionAndAtTheHighWatermark() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        append(batch(NOW, "plain"));
        long firstOf1 = append(transactional(1L, EPOCH, 0, NOW, "t1-a"));
        append(transactional(2L, EPOCH, 0, NOW, "t2-a"));
        append(transactional(1L, EPOCH, 1, NOW, "t1-b"));
        assertThat(log.lastStableOffset()).isEqualTo(firstOf1);

        end(1L, true);
        assertThat(log.lastStableOffset()).isEqualTo(2);
        end(2L, false);
        assertThat(log.lastStableOffset()).isEqualTo(log.logEndOffset()).isEqualTo(6);

        log.appendAsLeader(batch(NOW, "not yet replicated"), 0);
        assertThat(log.lastStableOffset()).isEqualTo(log.highWatermark()).isEqualTo(6);
    }

    @Test
    void anAbortIsIndexedInTheSegmentHoldingItsMarker() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        append(transactional(2L, EPOCH, 0, NOW, "b"));
        append(transactional(1L, EPOCH, 1, NOW, "c"));
        long abort = end(1L, false);
        end(2L, true);

        // When producer 1 aborted, producer 2's transaction from offset 1 was still open.
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, abort, 1));
        assertThat(Files.size(LogFileNames.txnIndexFile(fixture.dir(), 0))).isEqualTo(TransactionIndex.ENTRY_SIZE);
        assertThat(log.abortedTransactions(abort + 1, log.logEndOffset())).isEmpty();
        assertThat(log.abortedTransactions(0, 0)).isEmpty();
    }

    @Test
    void abortedTransactionsAreFoundInLaterSegmentsUntilOneEndsBeyondTheRange() throws IOException {
        PartitionLog log = fixture.open(Map.of("segment.bytes", "300"));
        append(transactional(1L, EPOCH, 0, NOW, "a-long-enough-value-to-roll-segments-quickly"));
        for (int i = 0; i < 4; i++) append(batch(NOW, "filler-" + i + "-long-enough-value-to-roll"));
        long abort1 = end(1L, false);
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        long second = append(transactional(2L, EPOCH, 0, NOW, "b"));
        long abort2 = end(2L, false);

        assertThat(log.abortedTransactions(0, 1)).containsExactly(new AbortedTxn(1L, 0, abort1, abort1 + 1));
        assertThat(log.abortedTransactions(0, log.logEndOffset()))
                .extracting(AbortedTxn::producerId).containsExactly(1L, 2L);
        assertThat(log.abortedTransactions(second, log.logEndOffset()))
                .containsExactly(new AbortedTxn(2L, second, abort2, abort2 + 1));
    }

    @Test
    void theTransactionStateSurvivesACleanReopen() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        end(1L, false);
        long open = append(transactional(2L, EPOCH, 0, NOW, "b"));
        log = fixture.reopen();

        assertThat(log.lastStableOffset()).isEqualTo(open);
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, 1, 2));
    }

    @Test
    void recoveryAfterACrashRebuildsAMissingTransactionIndexAndTheOpenTransactions() throws IOException {
        PartitionLog log = fixture.open(Map.of("segment.bytes", "300"));
        for (int i = 0; i < 4; i++) append(batch(NOW, "filler-" + i + "-long-enough-value-to-roll"));
        long first = append(transactional(1L, EPOCH, 0, NOW, "a"));
        long abort = end(1L, false);
        long open = append(transactional(2L, EPOCH, 0, NOW, "b"));
        log.flush();
        // The log is never closed: no clean-shutdown marker, no snapshot at its end, as after kill -9.
        Path activeTxnIndex = LogFileNames.txnIndexFile(fixture.dir(), activeBaseOffset());
        Files.delete(activeTxnIndex);

        log = fixture.crashAndReopen();

        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, first, abort, abort + 1));
        assertThat(Files.size(activeTxnIndex)).isEqualTo(TransactionIndex.ENTRY_SIZE);
        assertThat(log.lastStableOffset()).isEqualTo(open);
    }

    @Test
    void aTornEntryIsCutAndADamagedIndexIsRebuiltByReplayingItsSegment() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        long abort = end(1L, false);
        log.close();
        Path index = LogFileNames.txnIndexFile(fixture.dir(), 0);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 1, 2}), TransactionIndex.ENTRY_SIZE);
        }

        log = fixture.reopen();
        assertThat(Files.size(index)).isEqualTo(TransactionIndex.ENTRY_SIZE);
        log.close();
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x7F, 0x7F}), 0);
        }

        log = fixture.reopen();
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, abort, abort + 1));
        assertThat(Files.size(index)).isEqualTo(TransactionIndex.ENTRY_SIZE);
    }

    private long activeBaseOffset() throws IOException {
        List<Long> bases = fixture.segmentBaseOffsets();
        return bases.get(bases.size() - 1);
    }
}
