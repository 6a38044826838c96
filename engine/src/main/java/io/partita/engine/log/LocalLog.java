package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The segment files of one partition log: appends to the active segment (rolling it when due), flushes, truncation
 * from the end, reads bounded by the published {@link LogEndPosition}, and closing and deleting the files. Knows
 * bytes and offsets only: the producer state, leader epochs, high watermark and log start offset are {@link
 * PartitionLog}'s.
 *
 * <p>Invariants: the published end is the offset after the last whole batch of the active segment and the position
 * just after it; every offset below {@code flushedOffset} is on disk; every segment but the active one is flushed.
 *
 * <p>Thread-safety: everything but {@link #end()} and the reads is only called under {@link PartitionLog}'s lock. {@link #end()} and the reads take no lock: they never go beyond a
 * published end, so they see only fully appended batches.
 */
final class LocalLog {

    private final Path dir;
    private final LogSegments segments;
    private final DelayedSegmentDeletions deletions;
    private final Clock clock;
    private final LongConsumer onRoll;
    private volatile LogEndPosition end;
    /** Every offset below this is on disk. */
    private long flushedOffset;
    private long lastFlushMs;

    /**
     * @param segments  loaded, the last one ready for appends, ending at {@code end}, all on disk
     * @param deletions segments removed (by retention or compaction) whose files are kept a while
     * @param onRoll    told the base offset of each new active segment, once it is published
     */
    LocalLog(Path dir, LogSegments segments, DelayedSegmentDeletions deletions, LogEndPosition end, Clock clock,
             LongConsumer onRoll) {
        this.dir = dir;
        this.segments = segments;
        this.deletions = deletions;
        this.end = end;
        this.clock = clock;
        this.onRoll = onRoll;
        this.flushedOffset = end.nextOffset();
        this.lastFlushMs = clock.millis();
    }

    LogEndPosition end() {
        return end;
    }

    /**
     * Appends {@code records}, whose offsets run from {@code firstOffset} to {@code lastOffset}, to the active
     * segment, rolling a new one at {@code firstOffset} first when the active one is due; flushes when {@code
     * flush.messages} are unflushed.
     */
    void append(MemoryRecords records, long firstOffset, long lastOffset, long maxTimestamp, LogConfig cfg)
            throws IOException {
        LogSegment active = segments.active();
        if (active.shouldRoll(cfg, records.sizeInBytes(), maxTimestamp, lastOffset)) active = roll(firstOffset, cfg);
        active.append(records, cfg.indexIntervalBytes());
        end = new LogEndPosition(lastOffset + 1, active.baseOffset(), active.sizeInBytes());
        if (lastOffset + 1 - flushedOffset >= cfg.flushMessages()) flush();
    }

    /** Starts a new active segment at {@code baseOffset}; the old one is finished and flushed (or dropped if empty). */
    LogSegment roll(long baseOffset, LogConfig cfg) throws IOException {
        LogSegment old = segments.active();
        LogSegment rolled = LogSegment.create(dir, baseOffset, cfg);
        if (old.sizeInBytes() == 0) {
            segments.add(rolled);
            segments.remove(old);
            old.closeAndDelete();
        } else {
            old.onBecomeInactive();
            flushedOffset = Math.max(flushedOffset, end.nextOffset());
            segments.add(rolled);
        }
        end = new LogEndPosition(end.nextOffset(), rolled.baseOffset(), 0);
        onRoll.accept(rolled.baseOffset());
        return rolled;
    }

    /** Forces every appended batch (and the active segment's indexes) to disk. */
    void flush() throws IOException {
        segments.active().flush();
        flushedOffset = end.nextOffset();
        lastFlushMs = clock.millis();
    }

    /** Whether something is unflushed and {@code flush.ms} has passed since the last flush. */
    boolean flushDue(LogConfig cfg) {
        return end.nextOffset() > flushedOffset && clock.millis() - lastFlushMs >= cfg.flushMs();
    }

    /**
     * Removes every batch at or after {@code offset} (whole batches), which lies in the log, and flushes what is left.
     *
     * @return the new end offset
     */
    long truncateTo(long offset, LogConfig cfg) throws IOException {
        while (segments.count() > 1 && segments.active().baseOffset() >= offset) {
            LogSegment doomed = segments.active();
            segments.remove(doomed);
            doomed.closeAndDelete();
        }
        LogSegment active = segments.active();
        active.truncateTo(offset, cfg.indexIntervalBytes());
        active.prepareForAppends(cfg);
        active.flush();
        long newEnd = active.readNextOffset();
        end = new LogEndPosition(newEnd, active.baseOffset(), active.sizeInBytes());
        flushedOffset = Math.min(flushedOffset, newEnd);
        return newEnd;
    }

    /**
     * Whole batches from the one containing {@code fetchOffset}, which is below {@code e}'s end: at most {@code
     * maxBytes} of them (but the first one whatever its size when {@code minOneMessage}), none starting at or after
     * {@code maxOffsetExclusive}, as a zero-copy slice of a segment file.
     *
     * @return empty when no segment up to {@code e} holds the offset any more (retention removed it meanwhile)
     */
    Optional<Records> read(LogEndPosition e, long fetchOffset, int maxBytes, long maxOffsetExclusive,
                           boolean minOneMessage) throws IOException {
        // Bounding by offset costs a lookup: skip it when the bound is the published end anyway.
        long offsetBound = maxOffsetExclusive >= e.nextOffset() ? Long.MAX_VALUE : maxOffsetExclusive;
        Optional<LogSegment> segment = segments.floor(fetchOffset);
        while (segment.isPresent() && segment.get().baseOffset() <= e.segmentBaseOffset()) {
            LogSegment s = segment.get();
            FileRecords records;
            try {
                records = s.read(fetchOffset, Math.max(0, maxBytes), maxPosition(s, e), offsetBound, minOneMessage);
            } catch (UncheckedIOException failure) {
                throw failure.getCause();
            }
            if (records != null) return Optional.of(records.sizeInBytes() == 0 ? MemoryRecords.EMPTY : records);
            segment = segments.after(s);
        }
        return Optional.empty();
    }

    /** The first record at or after {@code startOffset} whose timestamp is at least {@code timestamp}, by time index. */
    Optional<TimestampAndOffset> offsetForTimestamp(long timestamp, long startOffset) throws IOException {
        LogEndPosition e = end;
        for (LogSegment s : segments.all()) {
            if (s.baseOffset() > e.segmentBaseOffset()) break;
            if (s.maxTimestampSoFar() < timestamp) continue;
            Optional<TimestampAndOffset> found = s.findOffsetByTimestamp(timestamp, startOffset, maxPosition(s, e));
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** The first record carrying the largest timestamp; empty when there is no record. */
    Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        LogEndPosition e = end;
        LogSegment best = null;
        for (LogSegment s : segments.all()) {
            if (s.baseOffset() > e.segmentBaseOffset()) break;
            if (s.maxTimestampSoFar() != RecordBatch.NO_TIMESTAMP
                    && (best == null || s.maxTimestampSoFar() > best.maxTimestampSoFar())) {
                best = s;
            }
        }
        return best == null ? Optional.empty() : best.findMaxTimestampRecord(maxPosition(best, e));
    }

    /**
     * The aborted transactions whose data overlaps {@code [fetchOffset, upperBoundOffset)}, from the transaction
     * indexes of the segment holding {@code fetchOffset} and the later ones, as far as needed (see {@link
     * TransactionIndex#collect}).
     */
    List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        List<AbortedTxn> found = new ArrayList<>();
        Optional<LogSegment> segment = segments.floor(fetchOffset).or(() -> Optional.ofNullable(segments.oldest()));
        while (segment.isPresent()) {
            TransactionIndex.Search search = segment.get().txnIndex().collect(fetchOffset, upperBoundOffset);
            found.addAll(search.found());
            if (search.complete()) break;
            segment = segments.after(segment.get());
        }
        return found;
    }

    /**
     * Closes every segment (final time-index entries, trimmed indexes, flushed) and removes the files of removed
     * segments now; with {@code clean} then leaves the {@value LogFileNames#CLEAN_SHUTDOWN_FILE} marker, durably.
     */
    void close(boolean clean) throws IOException {
        try {
            segments.closeAll();
        } finally {
            deletions.deleteAll();
        }
        if (!clean) return;
        Files.write(dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE), new byte[0]);
        Directories.fsync(dir);
    }

    /** Closes every segment's files without writing to them: what is on disk stays as it is, for recovery. */
    void release() throws IOException {
        segments.releaseAll();
    }

    /** Removes the directory, closed before: moved aside to Kafka's {@code <topic>-<p>.<uuid>-delete} name first. */
    void deleteDirectory(TopicPartition topicPartition) throws IOException {
        Path doomed = dir.resolveSibling(LogFileNames.deleteDirName(topicPartition));
        if (Files.exists(dir)) {
            Files.move(dir, doomed);
            Directories.fsync(doomed.getParent());
        }
        Directories.deleteRecursively(doomed);
    }

    private static int maxPosition(LogSegment segment, LogEndPosition e) {
        return segment.baseOffset() == e.segmentBaseOffset() ? e.position() : segment.sizeInBytes();
    }
}
