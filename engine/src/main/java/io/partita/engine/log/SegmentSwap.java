package io.partita.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Swaps a cleaned segment in for the consecutive segments of one log it replaces, the last step of a compaction
 * ({@link LogCompactor}). The cleaned segment is flushed, under {@code .cleaned} names and based at the first
 * replaced segment; its files go through the steps {@link SwapRecovery} relies on to finish a swap a crash
 * interrupted: renamed to {@code .swap} names, the directory synced, the replaced segments renamed to {@code
 * .deleted} (their files kept for {@code file.delete.delay.ms}, so readers that took a slice of them just before
 * are not disturbed), the {@code .swap} files renamed to their final names and the directory synced again. Only
 * then does the cleaned segment take the replaced ones' place in {@link LogSegments}, in one step for readers
 * (same base offset as the first).
 *
 * <p>Thread-safety: only called under {@link PartitionLog}'s lock, which keeps appends, rolls, retention and
 * truncation away from the segments while they are checked and swapped.
 */
final class SegmentSwap {

    private final Path dir;
    private final LogSegments segments;
    private final DelayedSegmentDeletions deletions;

    SegmentSwap(Path dir, LogSegments segments, DelayedSegmentDeletions deletions) {
        this.dir = dir;
        this.segments = segments;
        this.deletions = deletions;
    }

    /**
     * Whether {@code replaced} are all still inactive segments of the log: retention, truncation or a roll of an
     * empty segment may have removed some since the compaction picked them.
     */
    boolean canReplace(List<LogSegment> replaced) {
        LogSegment active = segments.active();
        for (LogSegment s : replaced) {
            if (s == active || segments.floor(s.baseOffset()).orElse(null) != s) return false;
        }
        return true;
    }

    /**
     * Swaps {@code cleaned} in for {@code replaced}, which {@link #canReplace} accepted; {@code afterEachStep} runs
     * after each rename. A failure leaves the files halfway, for the log's next open to finish: the caller takes the
     * log offline.
     */
    void replace(List<LogSegment> replaced, LogSegment cleaned, Runnable afterEachStep, long now, long fileDeleteDelayMs)
            throws IOException {
        cleaned.changeFileSuffixes(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX, afterEachStep);
        Directories.fsync(dir);
        for (LogSegment s : replaced) {
            deletions.schedule(s, now, fileDeleteDelayMs);
            afterEachStep.run();
        }
        cleaned.changeFileSuffixes(LogFileNames.SWAP_SUFFIX, "", afterEachStep);
        Directories.fsync(dir);
        segments.add(cleaned);
        for (LogSegment s : replaced.subList(1, replaced.size())) segments.remove(s);
    }
}
