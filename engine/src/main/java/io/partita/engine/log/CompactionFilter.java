package io.partita.engine.log;

import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.OptionalLong;
import java.util.Set;

/**
 * Which records and batches a compaction keeps, for kafka-clients' {@code MemoryRecords.filterTo}, which rewrites
 * batches that lose records at their original offsets and stamps a delete horizon ({@code now +
 * delete.retention.ms}) into batches that keep a tombstone and had none.
 *
 * <p>A record is kept when it is not judged yet (at or after {@code mappedUpTo}), or when it has a key and is the
 * latest record of that key in the map (or the key is not in it) and, for a tombstone, its batch's delete horizon
 * has not passed. Records without a key are dropped (a compacted topic does not accept them; older ones predate the
 * policy). Data of aborted transactions is dropped whole. A commit or abort marker is kept while its transaction
 * still has data in the log; once none is left, the marker gets a delete horizon ({@code now + delete.retention.ms},
 * so consumers that read the data meanwhile still see it) and goes at the first cleaning after that (Kafka's rule).
 * A batch that keeps no record is dropped, unless it is the last of its segment group (so the cleaned segment is
 * never empty and its offset range reaches as far as the old ones') or a producer's last batch (so the producer's
 * sequence state survives a restart): those stay as empty batches.
 *
 * <p>Not thread-safe; the map is read only, the {@link CleanedTransactions} follow the batches filtered in order.
 */
final class CompactionFilter extends RecordFilter {

    private final KeyOffsetMap latest;
    private final long mappedUpTo;
    private final long groupLastOffset;
    private final Set<Long> producersLastOffsets;
    private final CleanedTransactions transactions;
    /** The base offset of the batch being dropped whole (aborted data, an expired marker), or -1. */
    private long droppedBatch = -1;

    CompactionFilter(KeyOffsetMap latest, long mappedUpTo, long now, long deleteRetentionMs, long groupLastOffset,
                     Set<Long> producersLastOffsets, CleanedTransactions transactions) {
        super(now, deleteRetentionMs);
        this.latest = latest;
        this.mappedUpTo = mappedUpTo;
        this.groupLastOffset = groupLastOffset;
        this.producersLastOffsets = producersLastOffsets;
        this.transactions = transactions;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        boolean keepEvenEmpty = batch.lastOffset() == groupLastOffset
                || (batch.hasProducerId() && producersLastOffsets.contains(batch.lastOffset()));
        BatchRetention ifEmpty = keepEvenEmpty ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY;
        droppedBatch = -1;
        if (transactions.isAborted(batch)) return drop(batch, keepEvenEmpty);
        if (batch.isControlBatch() && batch.isTransactional()) {
            boolean txnDataGone = !transactions.endedWithData(batch);
            OptionalLong horizon = batch.deleteHorizonMs();
            if (txnDataGone && horizon.isPresent() && horizon.getAsLong() <= currentTime) return drop(batch, keepEvenEmpty);
            return new BatchRetentionResult(ifEmpty, txnDataGone);
        }
        return new BatchRetentionResult(ifEmpty, false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (batch.baseOffset() == droppedBatch) return false;
        if (batch.isControlBatch()) return true;
        boolean retained = record.offset() >= mappedUpTo || isLatestLiveRecord(batch, record);
        if (retained) transactions.retained(batch);
        return retained;
    }

    private boolean isLatestLiveRecord(RecordBatch batch, Record record) {
        if (!record.hasKey()) return false;
        if (record.offset() < latest.latestOffset(record.key())) return false;
        if (record.hasValue()) return true;
        OptionalLong horizon = batch.deleteHorizonMs();
        return horizon.isEmpty() || currentTime < horizon.getAsLong();
    }

    private BatchRetentionResult drop(RecordBatch batch, boolean keepEvenEmpty) {
        droppedBatch = batch.baseOffset();
        return new BatchRetentionResult(keepEvenEmpty ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE, false);
    }
}
