package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import io.partita.engine.log.LogGuard.Held;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;

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

/**
 * The log of one topic partition: a directory of {@link LogSegment}s holding record batches at increasing offsets
 * from {@link #logStartOffset()} to {@link #logEndOffset()}. A façade that owns the lock, the high watermark, the
 * producer state and leader epochs, and hands the work to its parts: {@link LogLoader} opens and recovers the
 * directory, {@link LogAppender} validates and appends batches, {@link LocalLog} writes, rolls, flushes, truncates
 * and reads the segment files, {@link LogReader} bounds the fetch reads, {@link LogTruncation} truncates the log
 * with its producer state and epochs, {@link LogRetention} owns the log start offset and deletes old segments,
 * {@link LogCompactionView} serves compaction (and swaps in the segments it cleaned), {@link LogGuard} holds the lock
 * and whether the log is closed, {@link LogFailure} keeps the log offline after a failure.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the last segment is the active one and
 * the only one appended to; the producer state describes exactly the batches in the log (committed only after a
 * successful write); every abort marker has its entry in its segment's transaction index; the last stable offset
 * never passes the first offset of an open transaction nor the high watermark.
 *
 * <p>Producer state (with the leader epochs) is snapshotted ({@link ProducerStateSnapshot}) at every roll and on a
 * clean close, for {@link LogLoader} to start from when the log is opened again.
 *
 * <p>A write, flush, truncation or segment swap that fails takes the log offline for good: every later request
 * fails with {@link KafkaStorageException}, nothing more is written (not even on close, which only releases the
 * files), and the listener given to {@link #open} hears of it once. What is on disk past the last good write is
 * unknown until the log is opened again, which recovers it as after a crash.
 *
 * <p>Thread-safety: appends, rolls, truncation, retention, swaps, flushes and close are serialized by one lock,
 * held for a try-with-resources block ({@link LogGuard#locked()}), under which alone the parts above change
 * anything. Reads take no lock: they never go beyond the published {@link LogEndPosition}, so they see only fully
 * appended batches, and segments removed by retention or compaction keep their files for {@code
 * file.delete.delay.ms} so a slice handed out just before stays readable.
 */
public final class PartitionLog implements Closeable {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Clock clock;
    private final LogGuard guard;
    private final LogSegments segments;
    private final ProducerStateTable producers;
    private final LeaderEpochCache epochs;
    private final DelayedSegmentDeletions deletions = new DelayedSegmentDeletions();
    private final LocalLog local;
    private final LogAppender appender;
    private final LogRetention retention;
    private final LogReader reader;
    private final LogTruncation truncation;
    private final LogCompactionView compaction;
    private final LogFailure failure;
    private volatile LogConfig config;
    private volatile long highWatermark;
    /** The first offset of the earliest open transaction, MAX_VALUE when none is open. */
    private volatile long firstUnstableOffset;

    private PartitionLog(Path dir, TopicPartition topicPartition, LogConfig config, Clock clock, Runnable onFailure,
                         LogLoader.Loaded loaded) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.failure = new LogFailure(topicPartition, dir, onFailure);
        this.guard = new LogGuard(topicPartition, failure);
        this.segments = loaded.segments();
        this.producers = loaded.producers();
        this.epochs = loaded.epochs();
        this.local = new LocalLog(dir, segments, deletions, loaded.end(), clock, this::writeSnapshot);
        this.appender = new LogAppender(topicPartition, local, segments, producers, epochs, failure);
        this.retention = new LogRetention(dir, topicPartition, segments, deletions, loaded.logStartOffset(),
                () -> local.roll(local.end().nextOffset(), this.config));
        this.reader = new LogReader(topicPartition, local, retention, () -> highWatermark);
        this.truncation = new LogTruncation(dir, local, segments, producers, epochs);
        this.compaction = new LogCompactionView(dir, guard, failure, segments, deletions, producers,
                loaded.cleanedUpTo(), clock, () -> this.config, retention::logStartOffset, this::lastStableOffset);
        this.highWatermark = loaded.end().nextOffset();
        this.firstUnstableOffset = producers.firstUnstableOffset();
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
     * indexes ({@link LocalLog#abortedTransactions}). A read_committed consumer skips their data.
     */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        return local.abortedTransactions(fetchOffset, upperBoundOffset);
    }

    /** What this partition knows of every producer that wrote to it (DescribeProducers). */
    public List<ProducerSummary> producers() {
        try (Held held = guard.locked()) {
            return producers.summaries();
        }
    }

    /** Sets the high watermark, clamped to [log start offset, log end offset]. */
    public void updateHighWatermark(long hw) {
        try (Held held = guard.locked()) {
            highWatermark = Math.max(retention.logStartOffset(), Math.min(hw, local.end().nextOffset()));
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
        try (Held held = guard.locked()) {
            guard.ensureOnline();
            LogAppendInfo info = appender.asLeader(records, leaderEpoch, origin, config, clock.millis(),
                    retention.logStartOffset());
            firstUnstableOffset = producers.firstUnstableOffset();
            return info;
        }
    }

    /**
     * Appends batches replicated from the leader, keeping their offsets, which must start at or after the log end
     * offset and increase. Checks magic and CRC; the producer state follows the batches without judging them.
     */
    public LogAppendInfo appendAsFollower(MemoryRecords records) throws IOException {
        try (Held held = guard.locked()) {
            guard.ensureOnline();
            LogAppendInfo info = appender.asFollower(records, config, retention.logStartOffset());
            firstUnstableOffset = producers.firstUnstableOffset();
            return info;
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
        try (Held held = guard.locked()) {
            epochs.assign(epoch, local.end().nextOffset());
        }
    }

    /**
     * Removes every batch at or after {@code offset} (whole batches; never below the log start offset), and every
     * leader epoch starting there or later, so that a follower's log matches its leader's before it fetches again.
     * Restores the producer state and leader epochs from the newest snapshot below the new end and the batches after
     * it ({@link LogTruncation}); the high watermark comes down with the end.
     */
    public void truncateTo(long offset) throws IOException {
        try (Held held = guard.locked()) {
            failure.offlineOnFailure(() -> {
                guard.ensureOnline();
                truncation.truncateTo(Math.max(offset, retention.logStartOffset()), config,
                        newEnd -> highWatermark = Math.min(highWatermark, newEnd));
                firstUnstableOffset = producers.firstUnstableOffset();
            });
        }
    }

    /**
     * Reads whole batches starting with the one containing {@code fetchOffset}: at most {@code maxBytes} of them
     * (but the first batch whatever its size when {@code minOneMessage}), none starting at or after {@code
     * maxOffsetExclusive}. The records are a zero-copy slice of a segment file ({@link LogReader}).
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end offset
     */
    public LogReadInfo read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) throws IOException {
        guard.ensureOnline();
        return reader.read(fetchOffset, maxBytes, maxOffsetExclusive, minOneMessage);
    }

    /**
     * The first record at or after the log start offset whose timestamp is at least {@code timestamp}, found through
     * the time indexes; empty when no record is that recent.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) throws IOException {
        guard.ensureOnline();
        return local.offsetForTimestamp(timestamp, retention.logStartOffset());
    }

    /** The first record carrying the largest timestamp in the log; empty when the log is empty. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        guard.ensureOnline();
        return local.maxTimestampAndOffset();
    }

    /**
     * Deletes, oldest first, the segments wholly below the log start offset, {@code retention.ms} or {@code
     * retention.bytes} let go, and only wholly below the high watermark ({@link LogRetention}), moving the log start
     * offset to the first segment kept; removes files of segments deleted more than {@code file.delete.delay.ms} ago.
     *
     * @return the number of segments deleted
     */
    public int deleteExpiredSegments() throws IOException {
        try (Held held = guard.locked()) {
            if (guard.closedOrOffline()) return 0;
            return retention.deleteExpired(config, clock.millis(), highWatermark, local.end().nextOffset());
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (DeleteRecords), durably, and deletes segments wholly below it.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is above the high watermark
     */
    public void advanceLogStartOffset(long offset) throws IOException {
        try (Held held = guard.locked()) {
            guard.ensureOnline();
            retention.advanceTo(offset, config, clock.millis(), highWatermark, local.end().nextOffset());
        }
    }

    /** What this log offers its compaction: the cleanable section, the swap of cleaned segments, the progress. */
    LogCompactionView compaction() {
        return compaction;
    }

    /** Forces every appended batch (and the active segment's indexes) to disk. */
    public void flush() throws IOException {
        try (Held held = guard.locked()) {
            guard.ensureOnline();
            failure.offlineOnFailure(local::flush);
        }
    }

    /** Flushes when something is unflushed and {@code flush.ms} has passed since the last flush. */
    public void flushIfDue() {
        try (Held held = guard.locked()) {
            if (guard.closedOrOffline() || !local.flushDue(config)) return;
            failure.offlineOnFailure(local::flush);
        } catch (IOException e) {
            throw new UncheckedIOException("Flushing the log of " + topicPartition + " failed", e);
        }
    }

    /**
     * Flushes, trims the indexes and marks the log as cleanly closed; an offline log only releases its files. Idempotent.
     * The log start offset needs no saving here: DeleteRecords saved it when it moved, and retention only moves it to
     * a segment boundary, which the files show.
     */
    @Override
    public void close() throws IOException {
        try (Held held = guard.locked()) {
            if (!guard.markClosed()) return;
            if (failure.isOffline()) {
                local.release();
                return;
            }
            writeSnapshot(local.end().nextOffset());
            local.close(true);
        }
    }

    /** Closes the log and removes its directory: moved aside to Kafka's {@code <topic>-<p>.<uuid>-delete} name first. */
    public void delete() throws IOException {
        try (Held held = guard.locked()) {
            if (guard.markClosed()) {
                if (failure.isOffline()) local.release(); else local.close(false);
            }
            local.deleteDirectory(topicPartition);
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", " + dir + ", start=" + retention.logStartOffset() + ", end="
                + local.end().nextOffset() + ")";
    }

    /** Saves the producer state as of {@code offset}; a failure only makes the next open replay more. */
    private void writeSnapshot(long offset) {
        try {
            ProducerStateSnapshot.write(dir, offset, epochs.entries(), producers.entries());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Writing the producer-state snapshot of " + topicPartition + " at " + offset + " failed", e);
        }
    }
}
