package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.marker;
import static io.partita.engine.log.TestBatches.transactional;
import static org.assertj.core.api.Assertions.assertThat;

/** The last stable offset and the aborted-transaction index of a partition log, on real files. */
class TransactionalLogTest {

    private static final TopicPartition TP = new TopicPartition("ledger", 0);
    private static final long NOW = 1_700_000_000_000L;
    private static final short EPOCH = 0;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private PartitionLog log;

    @AfterEach
    void close() throws IOException {
        if (log != null) log.close();
    }

    private PartitionLog open(Map<String, String> overrides) throws IOException {
        return PartitionLog.open(dir, TP, LogConfig.from(overrides, Map.of()), clock);
    }

    private long append(MemoryRecords records) throws IOException {
        long first = log.appendAsLeader(records, 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return first;
    }

    private long end(long producerId, boolean commit) throws IOException {
        long offset = log.appendAsLeader(marker(producerId, EPOCH, 0, commit, NOW), 0, AppendOrigin.COORDINATOR).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return offset;
    }

    @Test
    void theLastStableOffsetStopsAtTheEarliestOpenTransactionAndAtTheHighWatermark() throws IOException {
        log = open(Map.of());
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
        log = open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        append(transactional(2L, EPOCH, 0, NOW, "b"));
        append(transactional(1L, EPOCH, 1, NOW, "c"));
        long abort = end(1L, false);
        end(2L, true);

        // When producer 1 aborted, producer 2's transaction from offset 1 was still open.
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, abort, 1));
        assertThat(Files.size(LogFileNames.txnIndexFile(dir, 0))).isEqualTo(TransactionIndex.ENTRY_SIZE);
        assertThat(log.abortedTransactions(abort + 1, log.logEndOffset())).isEmpty();
        assertThat(log.abortedTransactions(0, 0)).isEmpty();
    }

    @Test
    void abortedTransactionsAreFoundInLaterSegmentsUntilOneEndsBeyondTheRange() throws IOException {
        log = open(Map.of("segment.bytes", "300"));
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
        log = open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        end(1L, false);
        long open = append(transactional(2L, EPOCH, 0, NOW, "b"));
        log.close();

        log = open(Map.of());

        assertThat(log.lastStableOffset()).isEqualTo(open);
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, 1, 2));
    }

    @Test
    void recoveryAfterACrashRebuildsAMissingTransactionIndexAndTheOpenTransactions() throws IOException {
        log = open(Map.of("segment.bytes", "300"));
        for (int i = 0; i < 4; i++) append(batch(NOW, "filler-" + i + "-long-enough-value-to-roll"));
        long first = append(transactional(1L, EPOCH, 0, NOW, "a"));
        long abort = end(1L, false);
        long open = append(transactional(2L, EPOCH, 0, NOW, "b"));
        log.flush();
        // The log is never closed: no clean-shutdown marker, no snapshot at its end, as after kill -9.
        Path activeTxnIndex = LogFileNames.txnIndexFile(dir, activeBaseOffset());
        Files.delete(activeTxnIndex);

        log = open(Map.of("segment.bytes", "300"));

        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, first, abort, abort + 1));
        assertThat(Files.size(activeTxnIndex)).isEqualTo(TransactionIndex.ENTRY_SIZE);
        assertThat(log.lastStableOffset()).isEqualTo(open);
    }

    @Test
    void aTornEntryIsCutAndADamagedIndexIsRebuiltByReplayingItsSegment() throws IOException {
        log = open(Map.of());
        append(transactional(1L, EPOCH, 0, NOW, "a"));
        long abort = end(1L, false);
        log.close();
        Path index = LogFileNames.txnIndexFile(dir, 0);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 1, 2}), TransactionIndex.ENTRY_SIZE);
        }

        log = open(Map.of());
        assertThat(Files.size(index)).isEqualTo(TransactionIndex.ENTRY_SIZE);
        log.close();
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x7F, 0x7F}), 0);
        }

        log = open(Map.of());
        assertThat(log.abortedTransactions(0, log.logEndOffset())).containsExactly(new AbortedTxn(1L, 0, abort, abort + 1));
        assertThat(Files.size(index)).isEqualTo(TransactionIndex.ENTRY_SIZE);
    }

    private long activeBaseOffset() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(LogFileNames::baseOffsetOfLogFile).filter(o -> o.isPresent()).mapToLong(o -> o.getAsLong()).max().orElseThrow();
        }
    }
}
