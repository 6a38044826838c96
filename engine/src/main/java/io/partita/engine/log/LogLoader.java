package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the directory of one partition log into {@link LogSegments}, a {@link ProducerStateTable} and a {@link
 * LeaderEpochCache}: finishes an interrupted compaction swap ({@link SwapRecovery}), removes leftover {@code
 * .deleted} and temporary files, opens every segment, recovers the active one when the log was not closed cleanly,
 * rebuilds indexes of other segments that are missing or fail a sanity check, and restores the producer state
 * ({@link ProducerStateRestore}).
 *
 * <p>A clean close leaves {@value LogFileNames#CLEAN_SHUTDOWN_FILE} in the directory. Loading removes it, durably,
 * so that a crash after this start recovers; when it was missing from an existing directory, the active segment is
 * recovered: every batch is checked (framing, magic, CRC, increasing offsets), the file is truncated after the last
 * good one and the segment's indexes are rebuilt. Every segment but the active one was flushed when it was rolled,
 * so the active one is the only one a crash can have left torn.
 *
 * <p>Not thread-safe: each load runs on the thread opening the log ({@link PartitionLog#open}), before the log
 * exists for anyone else.
 */
final class LogLoader {

    private static final System.Logger LOG = System.getLogger(LogLoader.class.getName());

    /**
     * A loaded log: its segments (the last one the active one, ready for appends), producer state and leader epochs
     * describing exactly the batches in them, and the offsets found beside them.
     *
     * @param end            the end of the last whole batch of the active segment
     * @param logStartOffset the checkpointed log start offset, within the segments' range
     * @param cleanedUpTo    the offset compaction had reached, 0 when never compacted
     */
    record Loaded(LogSegments segments, ProducerStateTable producers, LeaderEpochCache epochs, LogEndPosition end,
                  long logStartOffset, long cleanedUpTo) {
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LogConfig config;
    private final LogSegments segments = new LogSegments();

    private LogLoader(Path dir, TopicPartition topicPartition, LogConfig config) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
    }

    /**
     * Loads the log in {@code dir}, which exists; on failure releases the files it opened, leaving them as they were.
     *
     * @param created the directory was just created: an empty log, with nothing to recover and nothing acknowledged
     *                to make durable, so it costs no fsync (a new topic's partitions are opened in a row)
     */
    static Loaded load(Path dir, TopicPartition topicPartition, LogConfig config, boolean created) throws IOException {
        LogLoader loader = new LogLoader(dir, topicPartition, config);
        try {
            return loader.load(created);
        } catch (IOException | RuntimeException e) {
            loader.releaseQuietly();
            throw e;
        }
    }

    private Loaded load(boolean created) throws IOException {
        Path cleanMarker = dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE);
        boolean clean = created || Files.exists(cleanMarker);
        if (!created) SwapRecovery.run(dir);
        List<Long> baseOffsets = segmentBaseOffsetsRemovingLeftovers();
        long checkpointedStart = new OffsetCheckpoint(dir.resolve(LogFileNames.LOG_START_OFFSET_FILE)).read().orElse(0L);
        if (baseOffsets.isEmpty()) segments.add(LogSegment.create(dir, checkpointedStart, config));
        for (int i = 0; i < baseOffsets.size(); i++) {
            openSegment(baseOffsets.get(i), i == baseOffsets.size() - 1 && !clean);
        }
        LogSegment active = segments.active();
        active.prepareForAppends(config);
        long endOffset = active.readNextOffset();
        LogEndPosition end = new LogEndPosition(endOffset, active.baseOffset(), active.sizeInBytes());
        long logStartOffset = Math.min(Math.max(checkpointedStart, segments.oldest().baseOffset()), endOffset);
        long cleanedUpTo = new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE)).read().orElse(0L);
        ProducerStateTable producers = new ProducerStateTable();
        LeaderEpochCache epochs = new LeaderEpochCache();
        ProducerStateRestore.run(dir, segments, producers, epochs, endOffset);
        if (!clean) active.flush();
        if (!created) {
            // Durably gone, or a crash after this start would skip the recovery it needs.
            Files.deleteIfExists(cleanMarker);
            Directories.fsync(dir);
        }
        return new Loaded(segments, producers, epochs, end, logStartOffset, cleanedUpTo);
    }

    /** Deletes what a deletion or a checkpoint write left half done, and returns the segments' base offsets, sorted. */
    private List<Long> segmentBaseOffsetsRemovingLeftovers() throws IOException {
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
        return baseOffsets;
    }

    /** Opens a segment, recovering it when it is the active one of a crashed log, else checking its indexes. */
    private void openSegment(long base, boolean recover) throws IOException {
        boolean indexesMissing = !Files.exists(LogFileNames.offsetIndexFile(dir, base))
                || !Files.exists(LogFileNames.timeIndexFile(dir, base));
        LogSegment segment = LogSegment.open(dir, base, config);
        segments.add(segment);
        if (recover) {
            int truncated = segment.recover(config.indexIntervalBytes());
            if (truncated > 0) {
                LOG.log(System.Logger.Level.WARNING, "Recovery of {0} truncated {1} bytes of invalid data from {2}",
                        topicPartition, truncated, segment);
            }
        } else if (indexesMissing || !indexesSane(segment)) {
            LOG.log(System.Logger.Level.WARNING, "Rebuilding the indexes of {0} in {1}", segment, topicPartition);
            segment.recover(config.indexIntervalBytes());
        }
    }

    private void releaseQuietly() {
        try {
            segments.releaseAll();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Releasing the segments of " + topicPartition + " after a failed open", e);
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
}
