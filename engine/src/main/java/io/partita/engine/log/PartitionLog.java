package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one topic partition: a directory of {@link LogSegment}s holding record batches at increasing offsets
 * from {@link #logStartOffset()} to {@link #logEndOffset()}. A façade that owns the lock, the high watermark, the
 * producer state and leader epochs, and hands the rest to its parts: {@link LogLoader} opens and recovers the
 * directory, {@link LocalLog} appends to, rolls, flushes, truncates and reads the segment files, {@link
 * LogRetention} owns the log start offset and deletes old segments, {@link SegmentSwap} swaps in the segments
 * compaction cleaned.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the last segment is the active one and
 * the only one appended to; the producer state describes exactly the batches in the log (committed only after a
 * successful write); every abort marker has its entry in its segment's transaction index; the last stable offset
 * never passes the first offset of an open transaction nor the high watermark.
 *
 * <p>Producer state (with the leader epochs) is snapshotted ({@link ProducerStateSnapshot}) at every roll and on a
 * clean close, which also leaves {@value LogFileNames#CLEAN_SHUTDOWN_FILE} behind; {@link #open} restores the
 * producer state from the newest snapshot and recovers the active segment when that marker was missing.
 *
 * <p>A write, flush, truncation or segment swap that fails takes the log offline for good: every later request
 * fails with {@link KafkaStorageException}, nothing more is written (not even on close, which only releases the
 * files), and the listener given to {@link #open} hears of it once. What is on disk past the last good write is
 * unknown until the log is opened again, which recovers it as after a crash.
 *
 * <p>Thread-safety: appends, rolls, truncation, retention, swaps, flushes and close are serialized by one lock,
 * under which alone the parts above change anything. Reads take no lock: they never go beyond the published {@link
 * LogEndPosition}, so they see only fully appended batches, and segments removed by retention or compaction keep
 * their files for {@code file.delete.delay.ms} so a slice handed out just before stays readable.
 */
public final class PartitionLog implements Closeable {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final ProducerStateTable producers;
    private final LeaderEpochCache epochs;
    private final DelayedSegmentDeletions deletions = new DelayedSegmentDeletions();
    private final LocalLog local;
    private final LogRetention retention;
    private final SegmentSwap swap;
    private final OffsetCheckpoint cleanerCheckpoint;
    private final LogFailure failure;
    private volatile LogConfig config;
    private volatile long highWatermark;
    /** The first offset of the earliest open transaction, MAX_VALUE when none is open. */
    private volatile long firstUnstableOffset;
    private volatile boolean closed;
    /** Every segment wholly below this offset is compacted. Guarded by {@link #lock}. */
    private long cleanedUpTo;
    private PartitionLog(Path dir, TopicPartition topicPartition, LogConfig config, Clock clock, Runnable onFailure,
                         LogLoader.Loaded loaded) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.failure = new LogFailure(topicPartition, dir, onFailure);
        this.segments = loaded.segments();
        this.producers = loaded.producers();
        this.epochs = loaded.epochs();
        this.local = new LocalLog(dir, segments, loaded.end(), clock, this::writeSnapshot);
        this.retention = new LogRetention(dir, topicPartition, segments, deletions, loaded.logStartOffset(),
                () -> local.roll(local.end().nextOffset(), this.config));
        this.swap = new SegmentSwap(dir, segments, deletions);
        this.cleanerCheckpoint = new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE));
        this.highWatermark = loaded.end().nextOffset();
        this.firstUnstableOffset = producers.firstUnstableOffset();
        this.cleanedUpTo = loaded.cleanedUpTo();
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
        return new PartitionLog(dir, tp, config, clock, onFailure, LogLoader.load(dir, tp, config, created));
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
        return retention.logStartOffset();
    }

    public long logEndOffset() {
        return local.end().nextOffset();
    }

    public long highWatermark() {
        return highWatermark;
    }

    /**
     * The last stable offset: the high watermark, or the first offset of the earliest open transaction if lower
     * (never below the log start offset). read_committed consumers read no further.
     */
    public long lastStableOffset() {
        return Math.max(retention.logStartOffset(), Math.min(highWatermark, firstUnstableOffset));
    }

    /**
     * The aborted transactions whose data overlaps {@code [fetchOffset, upperBoundOffset)}, from the transaction
     * indexes of the segment holding {@code fetchOffset} and the later ones, as far as needed (see {@link
     * TransactionIndex#collect}). A read_committed consumer skips their data.
     */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        return local.abortedTransactions(fetchOffset, upperBoundOffset);
    }

    /** What this partition knows of every producer that wrote to it (DescribeProducers). */
    public List<ProducerSummary> producers() {
        lock.lock();
        try {
            return producers.summaries();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the high watermark, clamped to [log start offset, log end offset]. */
    public void updateHighWatermark(long hw) {
        lock.lock();
        try {
            highWatermark = Math.max(retention.logStartOffset(), Math.min(hw, local.end().nextOffset()));
        } finally {
            lock.unlock();
        }
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** True once a write, flush, truncation or segment swap failed: the log serves nothing until it is reopened. */
    public boolean isOffline() {
        return failure.isOffline();
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
            ProducerStateUpdate producerUpdate = producers.begin();
            long firstOffset = local.end().nextOffset();
            long next = firstOffset;
            for (MutableRecordBatch batch : append.batches()) {
                Optional<BatchMetadata> duplicate = producerUpdate.findDuplicate(batch);
                if (duplicate.isPresent()) return duplicateOf(duplicate.get(), batch, logAppendTime);
                long lastOffset = next + batch.lastOffset() - batch.baseOffset();
                producerUpdate.checkAndRecord(batch, next, lastOffset, logAppendTime ? now : batch.maxTimestamp(), topicPartition);
                next = lastOffset + 1;
            }
            long lastOffset = append.assignOffsets(firstOffset, leaderEpoch, logAppendTime, now);
            write(append.records(), firstOffset, lastOffset, logAppendTime ? now : append.maxTimestamp(), cfg);
            commitProducerState(producerUpdate);
            epochs.assign(leaderEpoch, firstOffset);
            return new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                    retention.logStartOffset(), append.recordCount(), false);
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
            ValidatedAppend append = AppendValidator.forFollower(records, cfg, local.end().nextOffset(), topicPartition);
            if (append.isEmpty()) return nothingAppended();
            ProducerStateUpdate producerUpdate = producers.begin();
            append.batches().forEach(producerUpdate::record);
            long firstOffset = append.batches().get(0).baseOffset();
            long lastOffset = append.batches().get(append.batches().size() - 1).lastOffset();
            write(append.records(), firstOffset, lastOffset, append.maxTimestamp(), cfg);
            commitProducerState(producerUpdate);
            append.batches().forEach(b -> epochs.assign(b.partitionLeaderEpoch(), b.baseOffset()));
            return new LogAppendInfo(firstOffset, lastOffset, RecordBatch.NO_TIMESTAMP, retention.logStartOffset(),
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
        return epochs.endOffsetFor(epoch, local.end().nextOffset());
    }

    /** Records that this replica leads from {@code epoch} on, starting at the current log end offset. */
    public void assignLeaderEpoch(int epoch) {
        lock.lock();
        try {
            epochs.assign(epoch, local.end().nextOffset());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every batch at or after {@code offset} (whole batches; never below the log start offset), and every
     * leader epoch starting there or later, so that a follower's log matches its leader's before it fetches again.
     * Restores the producer state and leader epochs from the newest snapshot below the new end and the batches after
     * it; the high watermark comes down with the end.
     *
     * <p>Only a follower's log is truncated, and followers serve no reads, so no reader holds a slice of what goes.
     */
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOnline();
            long target = Math.max(offset, retention.logStartOffset());
            if (target >= local.end().nextOffset()) {
                // No record goes, but an epoch this replica took at its log end while it led (alone) does: the
                // leader's records that come next carry older epochs, and the entry would claim them.
                epochs.truncateFromEnd(target);
                return;
            }
            long newEnd = local.truncateTo(target, config);
            highWatermark = Math.min(highWatermark, newEnd);
            ProducerStateSnapshot.deleteAbove(dir, newEnd);
            ProducerStateRestore.run(dir, segments, producers, epochs, newEnd);
            firstUnstableOffset = producers.firstUnstableOffset();
            // A snapshot taken at the new end may hold an epoch taken there with nothing written under it.
            epochs.truncateFromEnd(newEnd);
        } catch (IOException | RuntimeException e) {
            failure.failed(e);
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
        LogEndPosition e = local.end();
        long start = retention.logStartOffset();
        if (fetchOffset < start || fetchOffset > e.nextOffset()) {
            throw new OffsetOutOfRangeException("Received request for offset " + fetchOffset + " for partition "
                    + topicPartition + ", but we only have log segments in the range " + start + " to " + e.nextOffset() + ".");
        }
        long hw = highWatermark;
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

    /**
     * The first record at or after the log start offset whose timestamp is at least {@code timestamp}, found through
     * the time indexes; empty when no record is that recent.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) throws IOException {
        ensureOnline();
        return local.offsetForTimestamp(timestamp, retention.logStartOffset());
    }

    /** The first record carrying the largest timestamp in the log; empty when the log is empty. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        ensureOnline();
        return local.maxTimestampAndOffset();
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
            if (closed || failure.isOffline()) return 0;
            return retention.deleteExpired(config, clock.millis(), highWatermark, local.end().nextOffset());
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
            retention.advanceTo(offset, config, clock.millis(), highWatermark, local.end().nextOffset());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The segments a compaction may rewrite now ({@link CleanableSection#find}): the clean ones, wholly below the
     * offset compacted up to or the log start, and the dirty ones after them that are inactive, below the last stable
     * offset and older than {@code min.compaction.lag.ms} at {@code now}. Empty when the log is closed or offline.
     */
    Optional<CleanableSection> cleanableSection(long now) {
        lock.lock();
        try {
            if (closed || failure.isOffline()) return Optional.empty();
            long firstDirty = Math.max(cleanedUpTo, retention.logStartOffset());
            return Optional.of(CleanableSection.find(segments, firstDirty, lastStableOffset(),
                    now - config.minCompactionLagMs()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps {@code cleaned} in for {@code replaced} ({@link SegmentSwap}); {@code afterEachStep} runs after each
     * rename. A failure halfway takes the log offline, so reopening it finishes the swap.
     *
     * @return false, with nothing changed, when the replaced segments are no longer all inactive segments of this
     * log (retention, truncation, close) or the log is offline
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, Runnable afterEachStep) throws IOException {
        lock.lock();
        try {
            if (closed || failure.isOffline() || !swap.canReplace(replaced)) return false;
            failure.offlineOnFailure(() -> swap.replace(replaced, cleaned, afterEachStep, clock.millis(), config.fileDeleteDelayMs()));
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
            failure.offlineOnFailure(local::flush);
        } finally {
            lock.unlock();
        }
    }

    /** Flushes when something is unflushed and {@code flush.ms} has passed since the last flush. */
    public void flushIfDue() {
        lock.lock();
        try {
            if (closed || failure.isOffline() || !local.flushDue(config)) return;
            failure.offlineOnFailure(local::flush);
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
            boolean online = !failure.isOffline();
            if (online) writeSnapshot(local.end().nextOffset());
            closeFiles();
            if (!online) return;
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
            if (!closed) closeFiles();
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
        return "PartitionLog(" + topicPartition + ", " + dir + ", start=" + retention.logStartOffset() + ", end="
                + local.end().nextOffset() + ")";
    }

    /** Marks the log closed and closes its segments; an offline log only releases them, writing nothing. */
    private void closeFiles() throws IOException {
        closed = true;
        if (failure.isOffline()) {
            segments.releaseAll();
            return;
        }
        try {
            segments.closeAll();
        } finally {
            deletions.deleteAll();
        }
    }

    private void write(MemoryRecords records, long firstOffset, long lastOffset, long maxTimestamp, LogConfig cfg)
            throws IOException {
        failure.offlineOnFailure(() -> local.append(records, firstOffset, lastOffset, maxTimestamp, cfg));
    }

    /** Applies an append's producer-state changes, indexing the transactions it aborted in the active segment. */
    private void commitProducerState(ProducerStateUpdate update) throws IOException {
        failure.offlineOnFailure(() -> {
            for (AbortedTxn txn : update.commit()) segments.active().txnIndex().append(txn);
        });
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

    private LogAppendInfo nothingAppended() {
        return new LogAppendInfo(-1, -1, RecordBatch.NO_TIMESTAMP, retention.logStartOffset(), 0, false);
    }

    private LogAppendInfo duplicateOf(BatchMetadata original, RecordBatch retry, boolean logAppendTime) {
        int count = (int) (retry.lastOffset() - retry.baseOffset() + 1);
        return new LogAppendInfo(original.firstOffset(), original.lastOffset(),
                logAppendTime ? original.maxTimestamp() : RecordBatch.NO_TIMESTAMP, retention.logStartOffset(), count, true);
    }

    /** Checks the failure first: an offline log is closed when it is reopened, and stays a storage error meanwhile. */
    private void ensureOnline() {
        failure.ensureOnline();
        if (closed) throw new NotLeaderOrFollowerException("The log of " + topicPartition + " is closed");
    }
}
