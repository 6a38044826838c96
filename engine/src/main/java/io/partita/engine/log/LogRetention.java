package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The log start offset of one partition log and the deletion of its oldest segments: those wholly below the log
 * start offset, and (with {@code cleanup.policy} delete) those whose largest timestamp is more than {@code
 * retention.ms} old or that keep the log above {@code retention.bytes}. Only segments wholly below the high
 * watermark go, oldest first, and never a gap: the start offset moves to the first segment kept before the
 * segments go, so a reader never finds a hole inside {@code [start, end]}. Removed segments keep their files for
 * {@code file.delete.delay.ms} ({@link DelayedSegmentDeletions}) for readers that took a slice of them just before.
 *
 * <p>Invariant: the log start offset never goes down, and lies within the first segment (or at its end). It is
 * saved in {@value LogFileNames#LOG_START_OFFSET_FILE} when DeleteRecords moves it; retention only moves it to a
 * segment boundary, which the files show.
 *
 * <p>Thread-safety: every method but {@link #logStartOffset()} is called under {@link PartitionLog}'s lock; the
 * log start offset is volatile, for lock-free reads.
 */
final class LogRetention {

    /** The log's roll of a new, empty active segment at its end: for when every segment is deleted. */
    @FunctionalInterface
    interface Roll {
        void atLogEnd() throws IOException;
    }

    /** Whether a segment, followed by {@code upperBound} (the next segment's base or the log end), may go. */
    @FunctionalInterface
    private interface DeletionRule {
        boolean test(LogSegment segment, long upperBound) throws IOException;
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LogSegments segments;
    private final DelayedSegmentDeletions deletions;
    private final OffsetCheckpoint checkpoint;
    private final Roll roll;
    private volatile long logStartOffset;

    LogRetention(Path dir, TopicPartition topicPartition, LogSegments segments, DelayedSegmentDeletions deletions,
                 long logStartOffset, Roll roll) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.segments = segments;
        this.deletions = deletions;
        this.checkpoint = new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE));
        this.logStartOffset = logStartOffset;
        this.roll = roll;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    /**
     * Deletes the segments the rules let go, in the order of {@link PartitionLog#deleteExpiredSegments}, and removes
     * files of segments deleted more than {@code file.delete.delay.ms} before {@code now}.
     *
     * @return the number of segments deleted
     */
    int deleteExpired(LogConfig cfg, long now, long highWatermark, long logEndOffset) throws IOException {
        deletions.deleteDue(now);
        int deleted = deleteBelowLogStart(cfg, now, highWatermark, logEndOffset);
        if (cfg.delete() && cfg.retentionMs() >= 0) {
            deleted += deleteOldest((s, upperBound) -> now - s.largestTimestamp() > cfg.retentionMs(),
                    cfg, now, highWatermark, logEndOffset);
        }
        if (cfg.delete() && cfg.retentionBytes() >= 0) {
            long[] excess = {segments.sizeInBytes() - cfg.retentionBytes()};
            deleted += deleteOldest((s, upperBound) -> {
                if (excess[0] < s.sizeInBytes()) return false;
                excess[0] -= s.sizeInBytes();
                return true;
            }, cfg, now, highWatermark, logEndOffset);
        }
        return deleted;
    }

    /**
     * Moves the log start offset up to {@code offset} (DeleteRecords), durably, and deletes segments wholly below it;
     * nothing when it is not above the current start.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is above the high watermark
     */
    void advanceTo(long offset, LogConfig cfg, long now, long highWatermark, long logEndOffset) throws IOException {
        if (offset > highWatermark) {
            throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + offset + " of partition "
                    + topicPartition + " since it is larger than the high watermark " + highWatermark);
        }
        if (offset <= logStartOffset) return;
        logStartOffset = offset;
        checkpoint.write(offset);
        deleteBelowLogStart(cfg, now, highWatermark, logEndOffset);
    }

    private int deleteBelowLogStart(LogConfig cfg, long now, long highWatermark, long logEndOffset) throws IOException {
        return deleteOldest((s, upperBound) -> upperBound <= logStartOffset, cfg, now, highWatermark, logEndOffset);
    }

    /**
     * Deletes the longest run of oldest segments that {@code shouldDelete} accepts and that lie wholly below the high
     * watermark, rolling an empty active segment first when all would go.
     */
    private int deleteOldest(DeletionRule shouldDelete, LogConfig cfg, long now, long highWatermark, long logEndOffset)
            throws IOException {
        List<LogSegment> doomed = new ArrayList<>();
        for (LogSegment s : segments.all()) {
            Optional<LogSegment> next = segments.after(s);
            if (next.isEmpty() && s.sizeInBytes() == 0) break;
            long upperBound = next.map(LogSegment::baseOffset).orElse(logEndOffset);
            if (upperBound > highWatermark || !shouldDelete.test(s, upperBound)) break;
            doomed.add(s);
        }
        if (doomed.isEmpty()) return 0;
        if (doomed.size() == segments.count()) roll.atLogEnd();
        LogSegment firstKept = segments.after(doomed.get(doomed.size() - 1)).orElseThrow();
        logStartOffset = Math.max(logStartOffset, firstKept.baseOffset());
        ProducerStateSnapshot.deleteBelow(dir, firstKept.baseOffset());
        for (LogSegment s : doomed) {
            segments.remove(s);
            deletions.schedule(s, now, cfg.fileDeleteDelayMs());
        }
        return doomed.size();
    }
}
