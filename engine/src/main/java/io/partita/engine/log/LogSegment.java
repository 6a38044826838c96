package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One segment of a partition log: a data file of whole record batches holding offsets from {@link #baseOffset()}
 * on, with its sparse {@link OffsetIndex} and {@link TimeIndex}, and the {@link TransactionIndex} of the aborted
 * transactions whose markers it holds.
 *
 * <p>Invariants: batches in the data file have strictly increasing offsets, all at or above the base offset and
 * less than {@code baseOffset + 2^31}; every index entry refers to a batch in the data file; {@link
 * #maxTimestampSoFar()} is the largest batch max-timestamp appended (or {@link RecordBatch#NO_TIMESTAMP}).
 * When a segment stops being the active one or is closed, its time index gets a final entry for that largest
 * timestamp, so reopening it knows its largest timestamp without reading the data.
 *
 * <p>Thread-safety: mutations (append, recover, truncate, roll, close) are made by one thread at a time, the
 * owning log's appender; reads may run concurrently and must be bounded by a position the log has published.
 */
final class LogSegment implements Closeable {

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final long rollJitterMs;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    /** The max timestamp of the first batch: what {@code segment.ms} is measured from. */
    private volatile long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       TransactionIndex txnIndex, long rollJitterMs) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.txnIndex = txnIndex;
        this.rollJitterMs = rollJitterMs;
        this.offsetOfMaxTimestampSoFar = baseOffset;
    }

    /** Creates a new, empty segment; fails if its data file already exists. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config) throws IOException {
        Path data = LogFileNames.logFile(dir, baseOffset);
        if (Files.exists(data)) throw new IOException("Segment file " + data + " already exists");
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileNames.txnIndexFile(dir, baseOffset));
        return open(dir, baseOffset, config);
    }

    /**
     * Opens a segment's files, creating missing ones. Statistics come from the time index; call {@link #recover}
     * when the files may be inconsistent, and {@link #sanityCheckIndexes()} to find out.
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        return open(dir, baseOffset, config, "");
    }

    /**
     * Creates a new, empty segment whose file names carry {@link LogFileNames#CLEANED_SUFFIX}, replacing any left
     * over: the cleaner writes here, then {@link #changeFileSuffixes} moves it towards its final names.
     */
    static LogSegment createCleaned(Path dir, long baseOffset, LogConfig config) throws IOException {
        String suffix = LogFileNames.CLEANED_SUFFIX;
        for (Path file : files(dir, baseOffset)) Files.deleteIfExists(LogFileNames.changeSuffix(file, "", suffix));
        return open(dir, baseOffset, config, suffix);
    }

    private static LogSegment open(Path dir, long baseOffset, LogConfig config, String suffix) throws IOException {
        Path[] files = files(dir, baseOffset);
        FileRecords log = FileRecords.open(LogFileNames.changeSuffix(files[0], "", suffix).toFile(), true, false, 0, false);
        OffsetIndex offsetIndex = new OffsetIndex(LogFileNames.changeSuffix(files[1], "", suffix), baseOffset, config.segmentIndexBytes());
        TimeIndex timeIndex = new TimeIndex(LogFileNames.changeSuffix(files[2], "", suffix), baseOffset, config.segmentIndexBytes());
        TransactionIndex txnIndex = new TransactionIndex(LogFileNames.changeSuffix(files[3], "", suffix));
        long jitter = config.segmentJitterMs() > 0
                ? ThreadLocalRandom.current().nextLong(Math.min(config.segmentJitterMs(), config.segmentMs()))
                : 0;
        LogSegment segment = new LogSegment(baseOffset, log, offsetIndex, timeIndex, txnIndex, jitter);
        segment.loadStatistics();
        return segment;
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return log.sizeInBytes();
    }

    FileRecords log() {
        return log;
    }

    TransactionIndex txnIndex() {
        return txnIndex;
    }

    long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    /** The last offset of the first batch carrying {@link #maxTimestampSoFar()}. */
    long offsetOfMaxTimestampSoFar() {
        return offsetOfMaxTimestampSoFar;
    }

    /** The max timestamp of the first batch ({@link RecordBatch#NO_TIMESTAMP} when empty or unknown). */
    long firstBatchTimestamp() {
        return rollingBasedTimestamp;
    }

    /** What retention measures: the largest record timestamp, or the file's modification time if there is none. */
    long largestTimestamp() throws IOException {
        long max = maxTimestampSoFar;
        return max >= 0 ? max : Files.getLastModifiedTime(log.file().toPath()).toMillis();
    }

    /**
     * Appends whole batches whose offsets follow those already here, indexing them every {@code
     * index.interval.bytes}.
     */
    void append(MemoryRecords records, int indexIntervalBytes) throws IOException {
        int position = log.sizeInBytes();
        log.append(records);
        for (RecordBatch batch : records.batches()) {
            indexBatch(batch, position, indexIntervalBytes);
            position += batch.sizeInBytes();
        }
    }

    /**
     * True when the next append of {@code size} bytes ending at {@code lastOffset}, with max timestamp {@code
     * maxTimestamp}, must go to a new segment: this one would pass {@code segment.bytes}, is older than {@code
     * segment.ms}, has a full index, or cannot express the offset relative to its base.
     */
    boolean shouldRoll(LogConfig config, int size, long maxTimestamp, long lastOffset) {
        boolean offsetOverflow = lastOffset - baseOffset > Integer.MAX_VALUE;
        if (log.sizeInBytes() == 0) return offsetOverflow;
        boolean full = log.sizeInBytes() > config.segmentBytes() - size;
        long first = rollingBasedTimestamp;
        boolean old = first != RecordBatch.NO_TIMESTAMP && maxTimestamp - first > config.segmentMs() - rollJitterMs;
        return full || old || offsetIndex.isFull() || timeIndex.isFull() || offsetOverflow;
    }

    /** The offset after the last batch, or the base offset when empty. */
    long readNextOffset() {
        long next = baseOffset;
        BatchHeaderScanner scan = scan(offsetIndex.lookup(Long.MAX_VALUE).position(), log.sizeInBytes());
        while (scan.hasNext()) next = scan.next().lastOffset() + 1;
        return next;
    }

    /**
     * The batch holding {@code offset}, or the first batch after it, scanning no further than {@code maxPosition};
     * empty when no batch in range ends at or after {@code offset}.
     */
    Optional<BatchLocation> batchContaining(long offset, int maxPosition) {
        return Optional.ofNullable(batchContaining(null, offset, maxPosition));
    }

    /**
     * Whole batches from the one holding {@code startOffset}, not beyond {@code maxPosition}, none starting at or
     * after {@code maxOffsetExclusive}, totalling at most {@code maxBytes} (or one batch when that alone is larger
     * and {@code minOneMessage}). Null when no batch in range ends at or after {@code startOffset}.
     *
     * <p>Reads a few chunks of batch headers whatever the size of the result, through one scan: the end is found by
     * jumping to the last indexed batch before the byte limit and walking from there.
     */
    FileRecords read(long startOffset, int maxBytes, int maxPosition, long maxOffsetExclusive, boolean minOneMessage) {
        BatchHeaderScanner scan = scan(0, 0);
        BatchLocation first = batchContaining(scan, startOffset, maxPosition);
        if (first == null) return null;
        long budget = minOneMessage ? Math.max(maxBytes, first.size()) : maxBytes;
        int limit = (int) Math.min(maxPosition, first.position() + budget);
        if (maxOffsetExclusive != Long.MAX_VALUE) limit = Math.min(limit, endOfBatchesBelow(scan, maxOffsetExclusive, maxPosition));
        // An indexed position is the start of a batch, so everything between the first batch and it is whole batches.
        int from = Math.max(first.position(), offsetIndex.lastPositionAtMost(limit));
        int end = from;
        scan.seek(from, limit);
        while (scan.hasNext()) end = scan.next().end();
        return log.slice(first.position(), end - first.position());
    }

    /** The position after the last batch starting below {@code offset}, within {@code maxPosition}. */
    private int endOfBatchesBelow(BatchHeaderScanner scan, long offset, int maxPosition) {
        BatchLocation b = batchContaining(scan, offset, maxPosition);
        if (b == null) return maxPosition;
        return b.baseOffset() >= offset ? b.position() : b.end();
    }

    /** {@link #batchContaining(long, int)} through {@code scan}, or a new scan when null; null when none. */
    private BatchLocation batchContaining(BatchHeaderScanner scan, long offset, int maxPosition) {
        int start = offsetIndex.lookup(offset).position();
        if (start >= maxPosition) start = 0;
        BatchHeaderScanner s = scan == null ? scan(start, maxPosition) : scan.seek(start, maxPosition);
        while (s.hasNext()) {
            BatchLocation batch = s.next();
            if (batch.lastOffset() >= offset) return batch;
        }
        return null;
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is at least {@code timestamp}, within
     * {@code maxPosition}.
     */
    Optional<TimestampAndOffset> findOffsetByTimestamp(long timestamp, long startingOffset, int maxPosition) {
        TimestampOffset before = timeIndex.lastEntryBefore(timestamp);
        long from = before.timestamp() == RecordBatch.NO_TIMESTAMP ? startingOffset : Math.max(startingOffset, before.offset() + 1);
        int start = Math.min(offsetIndex.lookup(from).position(), maxPosition);
        for (FileChannelRecordBatch batch : log.slice(start, maxPosition - start).batches()) {
            if (batch.lastOffset() < from || batch.maxTimestamp() < timestamp) continue;
            Optional<TimestampAndOffset> found = firstRecord(batch, r -> r.offset() >= from && r.timestamp() >= timestamp);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** The first record carrying {@link #maxTimestampSoFar()}, within {@code maxPosition}. */
    Optional<TimestampAndOffset> findMaxTimestampRecord(int maxPosition) {
        long max = maxTimestampSoFar;
        if (max == RecordBatch.NO_TIMESTAMP) return Optional.empty();
        return batchContaining(offsetOfMaxTimestampSoFar, maxPosition)
                .flatMap(location -> firstRecord(loadBatch(location), r -> r.timestamp() == max));
    }

    /**
     * Checks every batch (framing, magic, CRC, increasing offsets) and truncates the data file at the first one
     * that fails, rebuilding both indexes and the statistics on the way.
     *
     * @return how many bytes were truncated
     */
    int recover(int indexIntervalBytes) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
        int validBytes = 0;
        long lastOffset = baseOffset - 1;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || batch.baseOffset() <= lastOffset
                        || batch.lastOffset() < batch.baseOffset() || !batch.isValid()) {
                    break;
                }
                indexBatch(batch, validBytes, indexIntervalBytes);
                validBytes += batch.sizeInBytes();
                lastOffset = batch.lastOffset();
            }
        } catch (KafkaException e) {
            // A torn or garbled batch header ends the valid prefix just like a bad CRC does.
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) log.truncateTo(validBytes);
        txnIndex.truncateTo(lastOffset + 1);
        return truncated;
    }

    /**
     * Removes every batch whose last offset is at or after {@code offset} (a batch is never split) and rebuilds the
     * indexes and statistics of what remains.
     *
     * @return how many bytes were removed
     */
    int truncateTo(long offset, int indexIntervalBytes) throws IOException {
        int position = log.sizeInBytes();
        for (FileChannelRecordBatch batch : log.batches()) {
            if (batch.lastOffset() >= offset) {
                position = batch.position();
                break;
            }
        }
        int removed = log.sizeInBytes() - position;
        log.truncateTo(position);
        recover(indexIntervalBytes);
        return removed;
    }

    /** Throws {@link CorruptIndexException} when an index cannot belong to the data file as it is. */
    void sanityCheckIndexes() {
        offsetIndex.sanityCheck();
        timeIndex.sanityCheck();
        if (offsetIndex.entries() > 0 && offsetIndex.lookup(Long.MAX_VALUE).position() >= log.sizeInBytes()) {
            throw new CorruptIndexException("Offset index " + offsetIndex.file() + " points beyond the data file");
        }
    }

    /** Lets the indexes grow to {@code segment.index.bytes} again: for the segment that becomes active on open. */
    void prepareForAppends(LogConfig config) throws IOException {
        offsetIndex.resize(config.segmentIndexBytes());
        timeIndex.resize(config.segmentIndexBytes());
    }

    /** Records the final time-index entry, trims the indexes and flushes: no more appends come here. */
    void onBecomeInactive() throws IOException {
        if (maxTimestampSoFar != RecordBatch.NO_TIMESTAMP) {
            if (timeIndex.isFull()) timeIndex.resize(timeIndex.sizeInBytes() + TimeIndex.ENTRY_SIZE);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        flush();
    }

    void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    /** Renames the files with {@link LogFileNames#DELETED_SUFFIX}; readers holding slices keep working. */
    void renameToDeleted() throws IOException {
        changeFileSuffixes("", LogFileNames.DELETED_SUFFIX, () -> { });
    }

    /**
     * Renames the files from suffix {@code from} to {@code to}, the indexes first and the data file last (so
     * a data file under the new name means the indexes were renamed before it), running {@code afterEachRename}
     * after each. Readers holding slices keep working.
     */
    void changeFileSuffixes(String from, String to, Runnable afterEachRename) throws IOException {
        txnIndex.renameTo(LogFileNames.changeSuffix(txnIndex.file(), from, to));
        afterEachRename.run();
        offsetIndex.renameTo(LogFileNames.changeSuffix(offsetIndex.file(), from, to));
        afterEachRename.run();
        timeIndex.renameTo(LogFileNames.changeSuffix(timeIndex.file(), from, to));
        afterEachRename.run();
        log.renameTo(LogFileNames.changeSuffix(log.file().toPath(), from, to).toFile());
        afterEachRename.run();
    }

    void closeAndDelete() throws IOException {
        log.deleteIfExists();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
    }

    /**
     * Releases the files without writing anything (no index trimming, no flush): for a log whose disk failed, whose
     * next open recovers what is there.
     */
    void release() throws IOException {
        try {
            log.channel().close();
        } finally {
            txnIndex.close();
        }
    }

    /** Like {@link #onBecomeInactive()}, then releases the files (also when that failed). */
    @Override
    public void close() throws IOException {
        try {
            onBecomeInactive();
            log.close();
            offsetIndex.close();
            timeIndex.close();
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + log.sizeInBytes() + ")";
    }

    private void indexBatch(RecordBatch batch, int position, int indexIntervalBytes) throws IOException {
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
            offsetOfMaxTimestampSoFar = batch.lastOffset();
        }
        if (rollingBasedTimestamp == RecordBatch.NO_TIMESTAMP) rollingBasedTimestamp = batch.maxTimestamp();
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull() && !timeIndex.isFull()) {
            offsetIndex.append(batch.lastOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    private BatchHeaderScanner scan(int from, int to) {
        return new BatchHeaderScanner(log.channel(), from, to);
    }

    private RecordBatch loadBatch(BatchLocation location) {
        return log.slice(location.position(), location.size()).batches().iterator().next();
    }

    private void loadStatistics() {
        TimestampOffset last = timeIndex.lastEntry();
        maxTimestampSoFar = last.timestamp();
        offsetOfMaxTimestampSoFar = last.offset();
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                rollingBasedTimestamp = batch.maxTimestamp();
                break;
            }
        } catch (KafkaException e) {
            // A garbled first batch: only recovery, which rebuilds every statistic, can make sense of this segment.
        }
    }

    /** The data file, the offset, time and transaction indexes of a segment, under their final names. */
    private static Path[] files(Path dir, long baseOffset) {
        return new Path[]{LogFileNames.logFile(dir, baseOffset), LogFileNames.offsetIndexFile(dir, baseOffset),
                LogFileNames.timeIndexFile(dir, baseOffset), LogFileNames.txnIndexFile(dir, baseOffset)};
    }

    private static Optional<TimestampAndOffset> firstRecord(RecordBatch batch, java.util.function.Predicate<Record> match) {
        for (Record record : batch) {
            if (match.test(record)) {
                return Optional.of(new TimestampAndOffset(record.timestamp(), record.offset(), batch.partitionLeaderEpoch()));
            }
        }
        return Optional.empty();
    }
}
