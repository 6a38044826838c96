package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The appends of one partition log, as leader and as follower: validates the batches ({@link AppendValidator}),
 * checks them against the producer state (a leader answers a producer's retry with the original's offsets and
 * writes nothing), stamps a leader's offsets and epoch, writes them ({@link LocalLog}), then commits the producer
 * state (indexing the transactions the batches aborted in the active segment) and the leader epochs. Nothing is
 * written unless every batch passes, and the producer state changes only after a successful write; a failed write
 * or index append takes the log offline ({@link LogFailure}).
 *
 * <p>Thread-safety: only called under {@link PartitionLog}'s lock.
 */
final class LogAppender {

    private final TopicPartition topicPartition;
    private final LocalLog local;
    private final LogSegments segments;
    private final ProducerStateTable producers;
    private final LeaderEpochCache epochs;
    private final LogFailure failure;

    LogAppender(TopicPartition topicPartition, LocalLog local, LogSegments segments, ProducerStateTable producers,
                LeaderEpochCache epochs, LogFailure failure) {
        this.topicPartition = topicPartition;
        this.local = local;
        this.segments = segments;
        this.producers = producers;
        this.epochs = epochs;
        this.failure = failure;
    }

    /** See {@link PartitionLog#appendAsLeader(MemoryRecords, int, AppendOrigin)}. */
    LogAppendInfo asLeader(MemoryRecords records, int leaderEpoch, AppendOrigin origin, LogConfig cfg, long now,
                           long logStartOffset) throws IOException {
        fenceOlderEpoch(leaderEpoch);
        ValidatedAppend append = AppendValidator.forLeader(records, cfg, now, topicPartition, origin);
        if (append.isEmpty()) return nothingAppended(logStartOffset);
        boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
        ProducerStateUpdate producerUpdate = producers.begin();
        long firstOffset = local.end().nextOffset();
        long next = firstOffset;
        for (MutableRecordBatch batch : append.batches()) {
            Optional<BatchMetadata> duplicate = producerUpdate.findDuplicate(batch);
            if (duplicate.isPresent()) return duplicateOf(duplicate.get(), batch, logAppendTime, logStartOffset);
            long lastOffset = next + batch.lastOffset() - batch.baseOffset();
            producerUpdate.checkAndRecord(batch, next, lastOffset, logAppendTime ? now : batch.maxTimestamp(), topicPartition);
            next = lastOffset + 1;
        }
        long lastOffset = append.assignOffsets(firstOffset, leaderEpoch, logAppendTime, now);
        write(append, producerUpdate, firstOffset, lastOffset, logAppendTime ? now : append.maxTimestamp(), cfg);
        epochs.assign(leaderEpoch, firstOffset);
        return new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                logStartOffset, append.recordCount(), false);
    }

    /** See {@link PartitionLog#appendAsFollower}. */
    LogAppendInfo asFollower(MemoryRecords records, LogConfig cfg, long logStartOffset) throws IOException {
        ValidatedAppend append = AppendValidator.forFollower(records, cfg, local.end().nextOffset(), topicPartition);
        if (append.isEmpty()) return nothingAppended(logStartOffset);
        ProducerStateUpdate producerUpdate = producers.begin();
        append.batches().forEach(producerUpdate::record);
        long firstOffset = append.batches().get(0).baseOffset();
        long lastOffset = append.batches().get(append.batches().size() - 1).lastOffset();
        write(append, producerUpdate, firstOffset, lastOffset, append.maxTimestamp(), cfg);
        append.batches().forEach(b -> epochs.assign(b.partitionLeaderEpoch(), b.baseOffset()));
        return new LogAppendInfo(firstOffset, lastOffset, RecordBatch.NO_TIMESTAMP, logStartOffset,
                append.recordCount(), false);
    }

    /**
     * A leader state read just before this replica took a newer epoch must not append: its batches would carry an
     * epoch older than records before them, which no epoch table can describe, and followers would truncate wrongly.
     */
    private void fenceOlderEpoch(int leaderEpoch) {
        OptionalInt latest = epochs.latestEpoch();
        if (latest.isPresent() && leaderEpoch < latest.getAsInt()) {
            throw new NotLeaderOrFollowerException("Leader epoch " + leaderEpoch + " of " + topicPartition
                    + " is older than the log's latest epoch " + latest.getAsInt());
        }
    }

    /** Writes the batches, then applies their producer-state changes, indexing the transactions they aborted. */
    private void write(ValidatedAppend append, ProducerStateUpdate producerUpdate, long firstOffset, long lastOffset,
                       long maxTimestamp, LogConfig cfg) throws IOException {
        failure.offlineOnFailure(() -> local.append(append.records(), firstOffset, lastOffset, maxTimestamp, cfg));
        failure.offlineOnFailure(() -> {
            for (AbortedTxn txn : producerUpdate.commit()) segments.active().txnIndex().append(txn);
        });
    }

    private static LogAppendInfo nothingAppended(long logStartOffset) {
        return new LogAppendInfo(-1, -1, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, false);
    }

    private static LogAppendInfo duplicateOf(BatchMetadata original, RecordBatch retry, boolean logAppendTime,
                                             long logStartOffset) {
        int count = (int) (retry.lastOffset() - retry.baseOffset() + 1);
        return new LogAppendInfo(original.firstOffset(), original.lastOffset(),
                logAppendTime ? original.maxTimestamp() : RecordBatch.NO_TIMESTAMP, logStartOffset, count, true);
    }
}
