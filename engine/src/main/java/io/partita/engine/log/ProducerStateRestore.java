package io.partita.engine.log;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rebuilds a log's producer state and leader epochs for the batches below an end offset: from the newest usable
 * {@link ProducerStateSnapshot} at or below it, then by replaying the batch headers after the snapshot, in one
 * pass that also rebuilds those segments' transaction indexes. A segment whose transaction index was damaged is
 * replayed whole, so the snapshot used is one at or below its base offset.
 *
 * <p>Run when a log is loaded ({@link LogLoader}) and after a truncation ({@link LogTruncation}), when
 * the snapshots above the new end are already gone. Stateless; the tables and segments it is given are changed
 * under the owning log's lock (or before the log is published).
 */
final class ProducerStateRestore {

    private ProducerStateRestore() {
    }

    /** Replaces the content of {@code producers} and {@code epochs} with what the log holds below {@code endOffset}. */
    static void run(Path dir, LogSegments segments, ProducerStateTable producers, LeaderEpochCache epochs,
                    long endOffset) throws IOException {
        long replayFromAtMost = endOffset;
        for (LogSegment s : segments.all()) {
            if (s.txnIndex().damaged()) {
                replayFromAtMost = s.baseOffset();
                break;
            }
        }
        Optional<ProducerStateSnapshot.Content> snapshot = ProducerStateSnapshot.latestAtMost(dir, replayFromAtMost, endOffset);
        producers.clear();
        epochs.clear();
        long from = Long.MIN_VALUE;
        if (snapshot.isPresent()) {
            producers.restore(snapshot.get().producers());
            snapshot.get().leaderEpochs().forEach(epochs::assign);
            from = snapshot.get().offset();
        }
        for (LogSegment segment : segments.all()) {
            long segmentEnd = segments.after(segment).map(LogSegment::baseOffset).orElse(Long.MAX_VALUE);
            if (segmentEnd <= from) continue;
            segment.txnIndex().truncateTo(from);
            ProducerStateUpdate update = producers.begin();
            for (FileChannelRecordBatch batch : segment.log().batches()) {
                if (batch.lastOffset() < from) continue;
                update.record(batch);
                epochs.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
            for (AbortedTxn txn : update.commit()) segment.txnIndex().append(txn);
        }
    }
}
