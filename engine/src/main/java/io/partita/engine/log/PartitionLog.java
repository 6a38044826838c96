package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The log of one topic partition: a directory of {@link LogSegment}s holding record batches at increasing offsets
 * from {@link #logStartOffset()} to {@link #logEndOffset()}.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the last segment is the active one and
 * the only one appended to; every segment but the active one is flushed (a segment is flushed when it is rolled),
 * so after a crash only the active segment needs recovery; the producer state describes exactly the batches in
 * the log (committed only after a successful write); every abort marker has its entry in its segment's transaction
 * index; the last stable offset never passes the first offset of an open transaction nor the high watermark.
 *
 * <p>Producer state (with the leader epochs) is snapshotted ({@link ProducerStateSnapshot}) at every roll and on a
 * clean close; an open loads the newest readable snapshot and replays only the batches after it, rebuilding those
 * segments' transaction indexes on the way.
 *
 * <p>A clean close leaves {@value LogFileNames#CLEAN_SHUTDOWN_FILE} in the directory; {@link #open} removes it and,
 * when it was missing from an existing directory, recovers the active segment: every batch is checked (framing, magic, CRC, increasing
 * offsets), the file is truncated after the last good one and the segment's indexes are rebuilt. Indexes of other
 * segments that are missing or fail a sanity check are rebuilt too.
 *
 * <p>A write, flush, truncation or segment swap that fails takes the log offline for good: every later request
 * fails with {@link KafkaStorageException}, nothing more is written (not even on close, which only releases the
 * files), and the listener given to {@link #open} hears of it once. What is on disk past the last good write is
 * unknown until the log is opened again, which recovers it as after a crash.
 *
 * <p>Thread-safety: appends, rolls, retention, flushes and close are serialized by one lock. Reads take no lock:
 * they never go beyond the published {@link LogEndPosition}, so they see only fully appended batches, and segments
 * removed by retention keep their files for {@code file.delete.delay.ms} so a slice handed out just before stays
 * readable.
 */
public final class PartitionLog implements Closeable {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments = new LogSegments();
    private final ProducerStateTable producers = new ProducerStateTable();
    private final LeaderEpochCache epochs = new LeaderEpochCache();
    private final DelayedSegmentDeletions deletions = new DelayedSegmentDeletions();
    private final OffsetCheckpoint startOffsetCheckpoint;
    private final OffsetCheckpoint cleanerCheckpoint;
    private final Runnable onFailure;
    private volatile LogConfig config;
    private volatile LogEndPosition end;
    private volatile long logStartOffset;
    private volatile long highWatermark;
    /** The first offset of the earliest open transaction, MAX_VALUE when none is open. */
    private volatile long firstUnstableOffset = Long.MAX_VALUE;
    private volatile boolean closed;
    /** Every offset below this is on disk. Guarded by {@link #lock}. */
    private long flushedOffset;
    /** Guarded by {@link #lock}. */
    private long lastFlushMs;
    /** Every segment wholly below this offset is compacted. Guarded by {@link #lock}. */
    private long cleanedUpTo;
    /**
     * The first failure of a write, flush, truncation or segment swap: the log is offline (every request fails with
     * {@link KafkaStorageException}) and is not marked clean on close, so reopening it recovers. Guarded by {@link
     * #lock} for writes; volatile so that lock-free reads see it.
     */
    private volatile Exception writeFailure;

    private PartitionLog(Path dir, TopicPartition topicPartition, LogConfig config, Clock clock, Runnable onFailure) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.onFailure = onFailure;
        this.startOffsetCheckpoint = new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE));
        this.cleanerCheckpoint = new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE));
    }

    /**
     * Opens the log in {@code dir}, creating the directory if missing, recovering it when it was not closed cleanly
     * and restoring the producer state from the newest producer-state snapshot and the batch headers after it.
     */
    public static PartitionLog open(Path dir, TopicPartition tp, LogConfig config, Clock clock) throws IOException {
        return open(dir, tp, config, clock, () -> { });
    }

    /**
     * {@link #open(Path, TopicPartition, LogConfig, Clock)}, with {@code onFailure} run once when the log goes
     * offline, on the failing thread with the log's lock held: it must only hand the news on.
     */
    public static PartitionLog open(Path dir, TopicPartition tp, LogConfig config, Clock clock, Runnable onFailure)
            throws IOException {
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, tp, config, clock, onFailure);
        try {
            log.load(created);
        } catch (IOException | RuntimeException e) {
            log.releaseSegmentsQuietly();
            throw e;
        }
        return log;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Takes effect for the next append, roll and retention check; index sizes apply from the next segment on. */
    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return end.nextOffset();
    }

    public long highWatermark() {
        return highWatermark;
    }

    /**
     * The last stable offset: the high watermark, or the first offset of the earliest open transaction if lower
     * (never below the log start offset). read_committed consumers read no further.
     */
    public long lastStableOffset() {
        return Math.max(logStartOffset, Math.min(highWatermark, firstUnstableOffset));
    }

    /**
     * The aborted transactions whose data overlaps {@code [fetchOffset, upperBoundOffset)}, from the transaction
     * indexes of the segment holding {@code fetchOffset} and the later ones, as far as needed (see {@link
     * TransactionIndex#collect}). A read_committed consumer skips their data.
     */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
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

    /** What this partition knows of every producer that wrote to it (DescribeProducers). */
    public List<ProducerSummary> producers() {
        lock.lock();
        try {
            List<ProducerSummary> summaries = new ArrayList<>();
            for (ProducerEntry e : producers.entries()) {
                summaries.add(new ProducerSummary(e.producerId(), e.epoch(), e.lastSeq(), e.lastTimestamp(),
                        e.coordinatorEpoch(), e.currentTxnFirstOffset()));
            }
            return summaries;
        } finally {
            lock.unlock();
        }
    }

    /** Sets the high watermark, clamped to [log start offset, log end offset]. */
    public void updateHighWatermark(long hw) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset, Math.min(hw, end.nextOffset()));
        } finally {
            lock.unlock();
        }
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** True once a write, flush, truncation or segment swap failed: the log serves nothing until it is reopened. */
    public boolean isOffline() {
        return writeFailure != null;
    }

    public int numberOfSegments() {
        return segments.count();
    }

    /**
     * Validates every batch, then assigns offsets from the log end offset, stamps the leader epoch (and the
     * log-append time when the topic uses it) into the batch headers and appends them to the active segment,
     * rolling it first when needed. Nothing is written unless every batch passes.
     *
     * @throws org.apache.kafka.common.InvalidRecordException           magic other than v2, a control batch, or a
     *                                                                  record count not matching the offsets
     * @throws org.apache.kafka.common.errors.CorruptRecordException    a CRC mismatch
     * @throws org.apache.kafka.common.errors.RecordTooLargeException   a batch larger than {@code max.message.bytes}
     * @throws org.apache.kafka.common.errors.RecordBatchTooLargeException the append is larger than a segment
     * @throws org.apache.kafka.common.errors.InvalidTimestampException a timestamp outside the allowed window
     * @throws org.apache.kafka.common.errors.OutOfOrderSequenceException an idempotent batch skipping sequence numbers
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException an idempotent batch of a fenced epoch
     * @throws KafkaStorageException                                    the log failed an earlier write
     * @throws IOException                                              the write failed; the log takes no more appends
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, int leaderEpoch) throws IOException {
        return appendAsLeader(records, leaderEpoch, AppendOrigin.CLIENT);
    }

    /**
     * {@link #appendAsLeader(MemoryRecords, int)} for {@code origin}: the transaction coordinator may append control
     * batches (commit and abort markers), which end the producer's transaction in this partition.
     *
     * @throws org.apache.kafka.common.errors.TransactionCoordinatorFencedException a marker from a coordinator older
     *                                                                               than the producer's last marker's
     * @throws org.apache.kafka.common.errors.InvalidTxnStateException a non-transactional batch of a producer whose
     *                                                                 transaction is open here
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, int leaderEpoch, AppendOrigin origin) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            fenceOlderEpoch(leaderEpoch);
            LogConfig cfg = config;
            long now = clock.millis();
            ValidatedAppend append = AppendValidator.forLeader(records, cfg, now, topicPartition, origin);
            if (append.isEmpty()) return nothingAppended();
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            List<MutableRecordBatch> batches = append.batches();
            long[] lastOffsetDeltas = new long[batches.size()];
            ProducerStateUpdate producerUpdate = producers.begin();
            long firstOffset = end.nextOffset();
            long next = firstOffset;
            for (int i = 0; i < batches.size(); i++) {
                MutableRecordBatch batch = batches.get(i);
                Optional<BatchMetadata> duplicate = producerUpdate.findDuplicate(batch);
                if (duplicate.isPresent()) return duplicateOf(duplicate.get(), batch, logAppendTime);
                lastOffsetDeltas[i] = batch.lastOffset() - batch.baseOffset();
                long batchTimestamp = logAppendTime ? now : batch.maxTimestamp();
                producerUpdate.checkAndRecord(batch, next, next + lastOffsetDeltas[i], batchTimestamp, topicPartition);
                next += lastOffsetDeltas[i] + 1;
            }
            next = firstOffset;
            for (int i = 0; i < batches.size(); i++) {
                MutableRecordBatch batch = batches.get(i);
                batch.setLastOffset(next + lastOffsetDeltas[i]);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime) batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                next += lastOffsetDeltas[i] + 1;
            }
            long lastOffset = next - 1;
            write(append.records(), firstOffset, lastOffset, logAppendTime ? now : append.maxTimestamp(), cfg);
            commitProducerState(producerUpdate);
            epochs.assign(leaderEpoch, firstOffset);
            return new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                    logStartOffset, append.recordCount(), false);
        } finally {
            lock.unlock();
        }
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

    /**
     * Appends batches replicated from the leader, keeping their offsets, which must start at or after the log end
     * offset and increase. Checks magic and CRC; the producer state follows the batches without judging them.
     */
    public LogAppendInfo appendAsFollower(MemoryRecords records) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            LogConfig cfg = config;
            ValidatedAppend append = AppendValidator.forFollower(records, cfg, end.nextOffset(), topicPartition);
            if (append.isEmpty()) return nothingAppended();
            ProducerStateUpdate producerUpdate = producers.begin();
            append.batches().forEach(producerUpdate::record);
            long firstOffset = append.batches().get(0).baseOffset();
            long lastOffset = append.batches().get(append.batches().size() - 1).lastOffset();
            write(append.records(), firstOffset, lastOffset, append.maxTimestamp(), cfg);
            commitProducerState(producerUpdate);
            append.batches().forEach(b -> epochs.assign(b.partitionLeaderEpoch(), b.baseOffset()));
            return new LogAppendInfo(firstOffset, lastOffset, RecordBatch.NO_TIMESTAMP, logStartOffset,
                    append.recordCount(), false);
        } finally {
            lock.unlock();
        }
    }

    /** The leader epoch of the last batch, or of a leadership taken since ({@link #assignLeaderEpoch}). */
    public OptionalInt latestEpoch() {
        return epochs.latestEpoch();
    }

    /** The start offset of every leader epoch in this log, by epoch: a copy. */
    public NavigableMap<Integer, Long> leaderEpochs() {
        return epochs.entries();
    }

    /** Where {@code epoch} ends in this log (OffsetForLeaderEpoch): see {@link LeaderEpochCache#endOffsetFor}. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return epochs.endOffsetFor(epoch, end.nextOffset());
    }

    /** Records that this replica leads from {@code epoch} on, starting at the current log end offset. */
    public void assignLeaderEpoch(int epoch) {
        lock.lock();
        try {
            epochs.assign(epoch, end.nextOffset());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every batch at or after {@code offset} (whole batches; never below the log start offset), and every
     * leader epoch starting there or later, so that a follower's log matches its leader's before it fetches again. Restores the producer state and leader epochs
     * from the newest snapshot below the new end and the batches after it; the high watermark comes down with the end.
     *
     * <p>Only a follower's log is truncated, and followers serve no reads, so no reader holds a slice of what goes.
     */
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            long target = Math.max(offset, logStartOffset);
            if (target >= end.nextOffset()) {
                // No record goes, but an epoch this replica took at its log end while it led (alone) does: the
                // leader's records that come next carry older epochs, and the entry would claim them.
                epochs.truncateFromEnd(target);
                return;
            }
            LogConfig cfg = config;
            while (segments.count() > 1 && segments.active().baseOffset() >= target) {
                LogSegment doomed = segments.active();
                segments.remove(doomed);
                doomed.closeAndDelete();
            }
            LogSegment active = segments.active();
            active.truncateTo(target, cfg.indexIntervalBytes());
            active.prepareForAppends(cfg);
            active.flush();
            long newEnd = active.readNextOffset();
            end = new LogEndPosition(newEnd, active.baseOffset(), active.sizeInBytes());
            highWatermark = Math.min(highWatermark, newEnd);
            flushedOffset = Math.min(flushedOffset, newEnd);
            ProducerStateSnapshot.deleteAbove(dir, newEnd);
            restoreProducerState(newEnd);
            // A snapshot taken at the new end may hold an epoch taken there with nothing written under it.
            epochs.truncateFromEnd(newEnd);
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads whole batches starting with the one containing {@code fetchOffset}: at most {@code maxBytes} of them
     * (but the first batch whatever its size when {@code minOneMessage}), none starting at or after {@code
     * maxOffsetExclusive}. The records are a zero-copy slice of a segment file.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end offset
     */
    public LogReadInfo read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) throws IOException {
        ensureOnline();
        LogEndPosition e = end;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > e.nextOffset()) {
            throw new OffsetOutOfRangeException("Received request for offset " + fetchOffset + " for partition "
                    + topicPartition + ", but we only have log segments in the range " + start + " to " + e.nextOffset() + ".");
        }
        long hw = highWatermark;
        if (fetchOffset == e.nextOffset() || fetchOffset >= maxOffsetExclusive) return readInfo(MemoryRecords.EMPTY, hw, start, e);
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
            if (records != null) return readInfo(records.sizeInBytes() == 0 ? MemoryRecords.EMPTY : records, hw, start, e);
            segment = segments.after(s);
        }
        if (fetchOffset < logStartOffset) {
            // Retention removed the segment while this read looked for it.
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " of partition " + topicPartition
                    + " was deleted while being read; the log now starts at " + logStartOffset + ".");
        }
        return readInfo(MemoryRecords.EMPTY, hw, start, e);
    }

    /**
     * The first record at or after the log start offset whose timestamp is at least {@code timestamp}, found through
     * the time indexes; empty when no record is that recent.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) throws IOException {
        ensureOnline();
        LogEndPosition e = end;
        long start = logStartOffset;
        for (LogSegment s : segments.all()) {
            if (s.baseOffset() > e.segmentBaseOffset()) break;
            if (s.maxTimestampSoFar() < timestamp) continue;
            Optional<TimestampAndOffset> found = s.findOffsetByTimestamp(timestamp, start, maxPosition(s, e));
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** The first record carrying the largest timestamp in the log; empty when the log is empty. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        ensureOnline();
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
     * Deletes, oldest first, whole segments that are wholly below the log start offset, or (with {@code
     * cleanup.policy} delete) whose largest timestamp is more than {@code retention.ms} old, or that keep the log
     * above {@code retention.bytes}. Only segments wholly below the high watermark go. When every segment goes, a new
     * empty active segment is rolled first. Advances the log start offset to the first remaining segment and removes
     * files of segments deleted more than {@code file.delete.delay.ms} ago.
     *
     * @return the number of segments deleted
     */
    public int deleteExpiredSegments() throws IOException {
        lock.lock();
        try {
            if (closed || writeFailure != null) return 0;
            long now = clock.millis();
            deletions.deleteDue(now);
            LogConfig cfg = config;
            int deleted = deleteOldest((s, upperBound) -> upperBound <= logStartOffset);
            if (cfg.delete() && cfg.retentionMs() >= 0) {
                deleted += deleteOldest((s, upperBound) -> now - s.largestTimestamp() > cfg.retentionMs());
            }
            if (cfg.delete() && cfg.retentionBytes() >= 0) {
                long[] excess = {segments.sizeInBytes() - cfg.retentionBytes()};
                deleted += deleteOldest((s, upperBound) -> {
                    if (excess[0] < s.sizeInBytes()) return false;
                    excess[0] -= s.sizeInBytes();
                    return true;
                });
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (DeleteRecords), durably, and deletes segments wholly below it.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is above the high watermark
     */
    public void advanceLogStartOffset(long offset) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            if (offset > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + offset + " of partition "
                        + topicPartition + " since it is larger than the high watermark " + highWatermark);
            }
            if (offset <= logStartOffset) return;
            logStartOffset = offset;
            startOffsetCheckpoint.write(offset);
            deleteOldest((s, upperBound) -> upperBound <= logStartOffset);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The segments a compaction may rewrite now, oldest first: the clean ones (wholly below the offset compacted up
     * to, or below the log start) and the dirty ones after them, up to the first segment that is the active one,
     * reaches above the high watermark or holds a timestamp within {@code min.compaction.lag.ms} of {@code now}.
     * Empty when the log is closed or offline.
     */
    Optional<CleanableSection> cleanableSection(long now) {
        lock.lock();
        try {
            if (closed || writeFailure != null) return Optional.empty();
            long firstDirty = Math.max(cleanedUpTo, logStartOffset);
            long youngest = now - config.minCompactionLagMs();
            List<LogSegment> clean = new ArrayList<>();
            List<LogSegment> dirty = new ArrayList<>();
            for (LogSegment s : segments.all()) {
                Optional<LogSegment> next = segments.after(s);
                if (next.isEmpty()) break;
                long upperBound = next.get().baseOffset();
                if (upperBound <= firstDirty) {
                    clean.add(s);
                } else if (upperBound <= lastStableOffset() && s.maxTimestampSoFar() <= youngest) {
                    dirty.add(s);
                } else {
                    break;
                }
            }
            return Optional.of(new CleanableSection(clean, dirty, firstDirty));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps {@code cleaned} in for {@code replaced}, consecutive segments of this log of which {@code cleaned} (flushed,
     * under {@code .cleaned} names, based at the first of them) holds the retained batches. Files go through the steps
     * {@link SwapRecovery} relies on to finish a swap a crash interrupted; {@code afterEachStep} runs after each
     * rename. The replaced segments stay readable for {@code file.delete.delay.ms}, so readers that took a slice of
     * them just before are not disturbed. A failure halfway takes the log offline, so reopening it finishes the swap.
     *
     * @return false, with nothing changed, when the replaced segments are no longer all inactive segments of this
     * log (retention, truncation, close) or the log is offline
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, Runnable afterEachStep) throws IOException {
        lock.lock();
        try {
            if (closed || writeFailure != null || !areInactiveSegments(replaced)) return false;
            try {
                cleaned.changeFileSuffixes(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX, afterEachStep);
                Directories.fsync(dir);
                long now = clock.millis();
                for (LogSegment s : replaced) {
                    deletions.schedule(s, now, config.fileDeleteDelayMs());
                    afterEachStep.run();
                }
                cleaned.changeFileSuffixes(LogFileNames.SWAP_SUFFIX, "", afterEachStep);
                Directories.fsync(dir);
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e;
            }
            // Same base offset: the cleaned segment takes the first one's place in one step.
            segments.add(cleaned);
            for (LogSegment s : replaced.subList(1, replaced.size())) segments.remove(s);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records, durably, that every segment wholly below {@code offset} is compacted. */
    void markCleanedUpTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            cleanedUpTo = offset;
            cleanerCheckpoint.write(offset);
        } finally {
            lock.unlock();
        }
    }

    /** The last offset of each producer's last batch: batches a compaction must keep, if empty, for idempotence. */
    Set<Long> lastOffsetsOfProducers() {
        lock.lock();
        try {
            return producers.lastOffsets();
        } finally {
            lock.unlock();
        }
    }

    /** Forces every appended batch (and the active segment's indexes) to disk. */
    public void flush() throws IOException {
        lock.lock();
        try {
            ensureOnline();
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes when something is unflushed and {@code flush.ms} has passed since the last flush. */
    public void flushIfDue() {
        lock.lock();
        try {
            if (closed || writeFailure != null || end.nextOffset() <= flushedOffset) return;
            if (clock.millis() - lastFlushMs >= config.flushMs()) flushLocked();
        } catch (IOException e) {
            throw new UncheckedIOException("Flushing the log of " + topicPartition + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes, trims the indexes and marks the log as cleanly closed; an offline log only releases its files. Idempotent.
     * The log start offset needs no saving here: DeleteRecords saved it when it moved, and retention only moves it to
     * a segment boundary, which the files show.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (writeFailure != null) {
                releaseSegments();
                return;
            }
            writeSnapshot(end.nextOffset());
            closeSegments();
            Files.write(dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE), new byte[0]);
            Directories.fsync(dir);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log and removes its directory: moved aside to Kafka's {@code <topic>-<p>.<uuid>-delete} name first. */
    public void delete() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                if (writeFailure != null) releaseSegments(); else closeSegments();
            }
            Path doomed = dir.resolveSibling(LogFileNames.deleteDirName(topicPartition));
            if (Files.exists(dir)) {
                Files.move(dir, doomed);
                Directories.fsync(doomed.getParent());
            }
            Directories.deleteRecursively(doomed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", " + dir + ", start=" + logStartOffset + ", end=" + end.nextOffset() + ")";
    }

    /**
     * @param created the directory was just created: an empty log, with nothing to recover and nothing acknowledged
     *                to make durable, so it costs no fsync (a new topic's partitions are opened in a row)
     */
    private void load(boolean created) throws IOException {
        Path cleanMarker = dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE);
        boolean clean = created || Files.exists(cleanMarker);
        if (!created) SwapRecovery.run(dir);
        List<Long> baseOffsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (LogFileNames.isDeletedSegmentFile(file) || LogFileNames.isTempFile(file)) {
                    Files.deleteIfExists(file);
                } else {
                    LogFileNames.baseOffsetOfLogFile(file).ifPresent(baseOffsets::add);
                }
            }
        }
        Collections.sort(baseOffsets);
        long checkpointedStart = startOffsetCheckpoint.read().orElse(0L);
        LogConfig cfg = config;
        if (baseOffsets.isEmpty()) {
            segments.add(LogSegment.create(dir, checkpointedStart, cfg));
        }
        for (int i = 0; i < baseOffsets.size(); i++) {
            long base = baseOffsets.get(i);
            boolean indexesMissing = !Files.exists(LogFileNames.offsetIndexFile(dir, base))
                    || !Files.exists(LogFileNames.timeIndexFile(dir, base));
            LogSegment segment = LogSegment.open(dir, base, cfg);
            segments.add(segment);
            boolean active = i == baseOffsets.size() - 1;
            if (active && !clean) {
                int truncated = segment.recover(cfg.indexIntervalBytes());
                if (truncated > 0) {
                    LOG.log(System.Logger.Level.WARNING, "Recovery of {0} truncated {1} bytes of invalid data from {2}",
                            topicPartition, truncated, segment);
                }
            } else if (indexesMissing || !indexesSane(segment)) {
                LOG.log(System.Logger.Level.WARNING, "Rebuilding the indexes of {0} in {1}", segment, topicPartition);
                segment.recover(cfg.indexIntervalBytes());
            }
        }
        LogSegment active = segments.active();
        active.prepareForAppends(cfg);
        long endOffset = active.readNextOffset();
        end = new LogEndPosition(endOffset, active.baseOffset(), active.sizeInBytes());
        logStartOffset = Math.min(Math.max(checkpointedStart, segments.oldest().baseOffset()), endOffset);
        highWatermark = endOffset;
        cleanedUpTo = cleanerCheckpoint.read().orElse(0L);
        restoreProducerState(endOffset);
        if (!clean) active.flush();
        flushedOffset = endOffset;
        lastFlushMs = clock.millis();
        if (!created) {
            // Durably gone, or a crash after this start would skip the recovery it needs.
            Files.deleteIfExists(cleanMarker);
            Directories.fsync(dir);
        }
    }

    private static boolean indexesSane(LogSegment segment) {
        try {
            segment.sanityCheckIndexes();
            return true;
        } catch (CorruptIndexException e) {
            return false;
        }
    }

    /**
     * Restores the producer state and the leader epochs from the newest usable snapshot, then replays the batch
     * headers after it (and the segments' transaction indexes with them), in one pass. A segment whose transaction
     * index was damaged is replayed whole.
     */
    private void restoreProducerState(long endOffset) throws IOException {
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
        firstUnstableOffset = producers.firstUnstableOffset();
    }

    /** Applies an append's producer-state changes, indexing the transactions it aborted in the active segment. */
    private void commitProducerState(ProducerStateUpdate update) throws IOException {
        try {
            for (AbortedTxn txn : update.commit()) segments.active().txnIndex().append(txn);
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
        firstUnstableOffset = producers.firstUnstableOffset();
    }

    /** Saves the producer state as of {@code offset}; a failure only makes the next open replay more. */
    private void writeSnapshot(long offset) {
        try {
            ProducerStateSnapshot.write(dir, offset, epochs.entries(), producers.entries());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Writing the producer-state snapshot of " + topicPartition + " at " + offset + " failed", e);
        }
    }

    private void write(MemoryRecords records, long firstOffset, long lastOffset, long maxTimestamp, LogConfig cfg)
            throws IOException {
        try {
            LogSegment active = segments.active();
            if (active.shouldRoll(cfg, records.sizeInBytes(), maxTimestamp, lastOffset)) active = roll(firstOffset, cfg);
            active.append(records, cfg.indexIntervalBytes());
            end = new LogEndPosition(lastOffset + 1, active.baseOffset(), active.sizeInBytes());
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
        if (lastOffset + 1 - flushedOffset >= cfg.flushMessages()) flushLocked();
    }

    /** Starts a new active segment at {@code baseOffset}; the old one is finished and flushed (or dropped if empty). */
    private LogSegment roll(long baseOffset, LogConfig cfg) throws IOException {
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
        writeSnapshot(rolled.baseOffset());
        return rolled;
    }

    /**
     * Deletes the longest run of oldest segments that {@code shouldDelete} accepts (given each segment and the offset
     * just past it) and that lie wholly below the high watermark.
     */
    private int deleteOldest(DeletionRule shouldDelete) throws IOException {
        LogEndPosition e = end;
        List<LogSegment> doomed = new ArrayList<>();
        for (LogSegment s : segments.all()) {
            Optional<LogSegment> next = segments.after(s);
            if (next.isEmpty() && s.sizeInBytes() == 0) break;
            long upperBound = next.map(LogSegment::baseOffset).orElse(e.nextOffset());
            if (upperBound > highWatermark || !shouldDelete.test(s, upperBound)) break;
            doomed.add(s);
        }
        if (doomed.isEmpty()) return 0;
        if (doomed.size() == segments.count()) roll(e.nextOffset(), config);
        // The start moves before the segments go, so a reader never finds a gap inside [start, end].
        LogSegment firstKept = segments.after(doomed.get(doomed.size() - 1)).orElseThrow();
        logStartOffset = Math.max(logStartOffset, firstKept.baseOffset());
        ProducerStateSnapshot.deleteBelow(dir, firstKept.baseOffset());
        long now = clock.millis();
        for (LogSegment s : doomed) {
            segments.remove(s);
            deletions.schedule(s, now, config.fileDeleteDelayMs());
        }
        return doomed.size();
    }

    /** Whether a segment, followed by {@code upperBound} (the next segment's base or the log end), may go. */
    @FunctionalInterface
    private interface DeletionRule {
        boolean test(LogSegment segment, long upperBound) throws IOException;
    }

    private void flushLocked() throws IOException {
        try {
            segments.active().flush();
        } catch (IOException | RuntimeException e) {
            // After a failed fsync the kernel may have dropped the dirty pages: what is on disk is unknown.
            failed(e);
            throw e;
        }
        flushedOffset = end.nextOffset();
        lastFlushMs = clock.millis();
    }

    private void closeSegments() throws IOException {
        IOException failure = null;
        for (LogSegment s : segments.all()) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        deletions.deleteAll();
        if (failure != null) throw failure;
    }

    /** Closes every segment's files without writing to them: what is on disk stays as it is, for recovery. */
    private void releaseSegments() throws IOException {
        IOException failure = null;
        for (LogSegment s : segments.all()) {
            try {
                s.release();
            } catch (IOException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    private void releaseSegmentsQuietly() {
        try {
            releaseSegments();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Releasing the segments of " + topicPartition + " after a failed open", e);
        }
    }

    /**
     * Takes the log offline after {@code e} (the first failure is kept) and tells the listener, once. Under the lock.
     */
    private void failed(Exception e) {
        if (writeFailure != null) return;
        writeFailure = e;
        LOG.log(System.Logger.Level.ERROR, "The log of " + topicPartition + " in " + dir
                + " failed and is offline: it serves nothing until it is opened again", e);
        try {
            onFailure.run();
        } catch (RuntimeException listenerFailure) {
            LOG.log(System.Logger.Level.WARNING, "Telling of the failure of the log of " + topicPartition + " failed", listenerFailure);
        }
    }

    private int maxPosition(LogSegment segment, LogEndPosition e) {
        return segment.baseOffset() == e.segmentBaseOffset() ? e.position() : segment.sizeInBytes();
    }

    private LogReadInfo readInfo(org.apache.kafka.common.record.internal.Records records, long hw, long start, LogEndPosition e) {
        return new LogReadInfo(records, hw, start, e.nextOffset());
    }

    private LogAppendInfo nothingAppended() {
        return new LogAppendInfo(-1, -1, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, false);
    }

    private LogAppendInfo duplicateOf(BatchMetadata original, RecordBatch retry, boolean logAppendTime) {
        int count = (int) (retry.lastOffset() - retry.baseOffset() + 1);
        return new LogAppendInfo(original.firstOffset(), original.lastOffset(),
                logAppendTime ? original.maxTimestamp() : RecordBatch.NO_TIMESTAMP, logStartOffset, count, true);
    }

    private boolean areInactiveSegments(List<LogSegment> candidates) {
        LogSegment active = segments.active();
        for (LogSegment s : candidates) {
            if (s == active || segments.floor(s.baseOffset()).orElse(null) != s) return false;
        }
        return true;
    }

    private void ensureOpen() {
        if (closed) throw new NotLeaderOrFollowerException("The log of " + topicPartition + " is closed");
    }

    /** Checks the failure first: an offline log is closed when it is reopened, and stays a storage error meanwhile. */
    private void ensureOnline() {
        Exception failure = writeFailure;
        if (failure != null) {
            throw new KafkaStorageException("The log of " + topicPartition + " is offline after a failed write: "
                    + failure, failure);
        }
        ensureOpen();
    }
}
