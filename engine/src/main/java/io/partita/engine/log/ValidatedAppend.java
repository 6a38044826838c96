package io.partita.engine.log;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import java.util.List;

/**
 * Record batches that passed the checks for an append, with what the log needs to know about them as a whole.
 *
 * @param records      the batches to write (a request's trailing partial batch already cut off)
 * @param batches      views of {@code records}' batches, in order; changing them changes {@code records}
 * @param recordCount  the number of records over all batches
 * @param maxTimestamp the largest batch max timestamp as sent
 */
record ValidatedAppend(MemoryRecords records, List<MutableRecordBatch> batches, int recordCount, long maxTimestamp) {

    boolean isEmpty() {
        return batches.isEmpty();
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /**
     * Stamps the leader's offsets, from {@code firstOffset} on and keeping each batch's offset span, and its leader
     * epoch into the batch headers, and with {@code logAppendTime} that time as every batch's max timestamp.
     *
     * @return the last offset assigned
     */
    long assignOffsets(long firstOffset, int leaderEpoch, boolean logAppendTime, long now) {
        long next = firstOffset;
        for (MutableRecordBatch batch : batches) {
            long lastOffsetDelta = batch.lastOffset() - batch.baseOffset();
            batch.setLastOffset(next + lastOffsetDelta);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime) batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
            next += lastOffsetDelta + 1;
        }
        return next - 1;
    }
}
