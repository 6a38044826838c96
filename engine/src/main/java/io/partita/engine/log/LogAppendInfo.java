package io.partita.engine.log;

/**
 * The outcome of one append to a partition log.
 *
 * @param firstOffset    the offset given to the first record appended (of the original append for a duplicate);
 *                       -1 when nothing was appended
 * @param lastOffset     the offset given to the last record appended; -1 when nothing was appended
 * @param logAppendTime  the timestamp written into the batches when the topic uses {@code LogAppendTime}, else -1
 * @param logStartOffset the log start offset after the append
 * @param recordCount    the number of records in the append
 * @param duplicate      true when the batch retried an idempotent batch already in the log: nothing was written and
 *                       the offsets are those of the original
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset, int recordCount,
                            boolean duplicate) {
}
