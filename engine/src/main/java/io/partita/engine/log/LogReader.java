package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;

import java.io.IOException;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The fetch reads of one partition log: checks the fetch offset against the log start offset ({@link
 * LogRetention}) and the published end, reads from the segment files ({@link LocalLog#read}), and tells a read
 * that retention overtook from an empty one.
 *
 * <p>Thread-safety: takes no lock, like the reads it makes: it takes the published end once, before the high
 * watermark, and reads nothing beyond that end.
 */
final class LogReader {

    private final TopicPartition topicPartition;
    private final LocalLog local;
    private final LogRetention retention;
    private final LongSupplier highWatermark;

    /** @param highWatermark the log's current high watermark */
    LogReader(TopicPartition topicPartition, LocalLog local, LogRetention retention, LongSupplier highWatermark) {
        this.topicPartition = topicPartition;
        this.local = local;
        this.retention = retention;
        this.highWatermark = highWatermark;
    }

    /**
     * Reads whole batches starting with the one containing {@code fetchOffset}: at most {@code maxBytes} of them
     * (but the first batch whatever its size when {@code minOneMessage}), none starting at or after {@code
     * maxOffsetExclusive}. The records are a zero-copy slice of a segment file.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end offset
     */
    LogReadInfo read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) throws IOException {
        LogEndPosition e = local.end();
        long start = retention.logStartOffset();
        if (fetchOffset < start || fetchOffset > e.nextOffset()) {
            throw new OffsetOutOfRangeException("Received request for offset " + fetchOffset + " for partition "
                    + topicPartition + ", but we only have log segments in the range " + start + " to " + e.nextOffset() + ".");
        }
        long hw = highWatermark.getAsLong();
        Records records = MemoryRecords.EMPTY;
        if (fetchOffset < e.nextOffset() && fetchOffset < maxOffsetExclusive) {
            Optional<Records> found = local.read(e, fetchOffset, maxBytes, maxOffsetExclusive, minOneMessage);
            long startNow = retention.logStartOffset();
            if (found.isEmpty() && fetchOffset < startNow) {
                // Retention removed the segment while this read looked for it.
                throw new OffsetOutOfRangeException("Offset " + fetchOffset + " of partition " + topicPartition
                        + " was deleted while being read; the log now starts at " + startNow + ".");
            }
            records = found.orElse(MemoryRecords.EMPTY);
        }
        return new LogReadInfo(records, hw, start, e.nextOffset());
    }
}
