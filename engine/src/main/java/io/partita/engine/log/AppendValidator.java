package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks record batches must pass before any of them is written, reading batch headers only, except on
 * compacted topics, where every record must have a key.
 *
 * <p>Stateless and thread-safe. Every method throws the Kafka exception whose error code the client should see.
 */
final class AppendValidator {

    private AppendValidator() {
    }

    /**
     * Checks batches appended to a leader: magic v2, size within {@code max.message.bytes} and the segment size, CRC,
     * no control batch unless the coordinator writes it, a record count matching the offset range, and (for {@code
     * CreateTime}) timestamps within {@code message.timestamp.before/after.max.ms} of {@code now}; on a compacted
     * topic, a key on every record.
     */
    static ValidatedAppend forLeader(MemoryRecords records, LogConfig config, long now, TopicPartition tp, AppendOrigin origin) {
        MemoryRecords whole = wholeBatches(records, config, tp);
        List<MutableRecordBatch> batches = new ArrayList<>();
        int count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (MutableRecordBatch batch : whole.batches()) {
            checkFraming(batch, config, tp);
            if (batch.isControlBatch() && origin == AppendOrigin.CLIENT) {
                throw new InvalidRecordException("Clients are not allowed to write control records (partition " + tp + ")");
            }
            Integer records0 = batch.countOrNull();
            long span = batch.lastOffset() - batch.baseOffset() + 1;
            if (records0 == null || records0 <= 0 || records0 != span) {
                throw new InvalidRecordException("Record batch in the append to " + tp + " has " + records0
                        + " records but spans " + span + " offsets");
            }
            if (config.timestampType() == TimestampType.CREATE_TIME) checkTimestamps(batch, config, now, tp);
            if (config.compact()) checkKeys(batch, tp);
            count += records0;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            batches.add(batch);
        }
        return new ValidatedAppend(whole, batches, count, maxTimestamp);
    }

    /**
     * Checks batches replicated from a leader, which already carry their offsets: magic v2, CRC, and offsets
     * increasing from at least {@code logEndOffset}.
     */
    static ValidatedAppend forFollower(MemoryRecords records, LogConfig config, long logEndOffset, TopicPartition tp) {
        MemoryRecords whole = wholeBatches(records, config, tp);
        List<MutableRecordBatch> batches = new ArrayList<>();
        int count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long next = logEndOffset;
        for (MutableRecordBatch batch : whole.batches()) {
            checkFraming(batch, config, tp);
            if (batch.baseOffset() < next || batch.lastOffset() < batch.baseOffset()) {
                throw new InvalidRecordException("Replicated batch with offsets " + batch.baseOffset() + ".."
                        + batch.lastOffset() + " cannot follow offset " + (next - 1) + " in " + tp);
            }
            next = batch.nextOffset();
            count += (int) (batch.lastOffset() - batch.baseOffset() + 1);
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            batches.add(batch);
        }
        return new ValidatedAppend(whole, batches, count, maxTimestamp);
    }

    /** The records without a trailing partial batch, which Kafka silently drops as well. */
    private static MemoryRecords wholeBatches(MemoryRecords records, LogConfig config, TopicPartition tp) {
        int valid = records.validBytes();
        MemoryRecords whole = valid == records.sizeInBytes() ? records : records.slice(0, valid);
        if (whole.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Message batch size is " + whole.sizeInBytes() + " bytes in append to "
                    + "partition " + tp + " which exceeds the maximum configured segment size of " + config.segmentBytes() + ".");
        }
        return whole;
    }

    private static void checkFraming(RecordBatch batch, LogConfig config, TopicPartition tp) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Record batch in the append to " + tp + " has magic " + batch.magic()
                    + "; only magic " + RecordBatch.MAGIC_VALUE_V2 + " is supported");
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("The record batch size in the append to " + tp + " is " + batch.sizeInBytes()
                    + " bytes which exceeds the maximum configured value of " + config.maxMessageBytes() + ".");
        }
        try {
            batch.ensureValid();
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("Record batch in the append to " + tp + " is corrupt: " + e.getMessage());
        }
    }

    /** Decodes (and decompresses) the records: compaction needs a key on each. */
    private static void checkKeys(RecordBatch batch, TopicPartition tp) {
        for (Record record : batch) {
            if (!record.hasKey()) {
                throw new InvalidRecordException("Compacted topic cannot accept message without key in topic partition " + tp + ".");
            }
        }
    }

    /**
     * Header-only bound check: the base timestamp (the first record's) against the lower bound and the max timestamp
     * against the upper bound.
     */
    private static void checkTimestamps(RecordBatch batch, LogConfig config, long now, TopicPartition tp) {
        long max = batch.maxTimestamp();
        if (max == RecordBatch.NO_TIMESTAMP) return;
        long earliest = saturatedSubtract(now, config.messageTimestampBeforeMaxMs());
        long latest = saturatedAdd(now, config.messageTimestampAfterMaxMs());
        long first = batch instanceof DefaultRecordBatch d ? d.baseTimestamp() : max;
        long offending = max > latest ? max : first < earliest ? first : RecordBatch.NO_TIMESTAMP;
        if (offending != RecordBatch.NO_TIMESTAMP) {
            throw new InvalidTimestampException("Timestamp " + offending + " of message in the append to " + tp
                    + " is out of range. The timestamp should be within [" + earliest + ", " + latest + "]");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
