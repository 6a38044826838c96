package io.partita.engine.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The segments of one log a compaction may rewrite, oldest first, as {@link LogCompactionView#cleanableSection} found
 * them ({@link #find}): the clean ones, compacted before, then the dirty ones, written since.
 *
 * @param clean            segments wholly below {@code firstDirtyOffset}
 * @param dirty            the segments after them that are inactive, below the high watermark and older than
 *                         {@code min.compaction.lag.ms}
 * @param firstDirtyOffset the first offset not yet compacted
 */
record CleanableSection(List<LogSegment> clean, List<LogSegment> dirty, long firstDirtyOffset) {

    CleanableSection {
        clean = List.copyOf(clean);
        dirty = List.copyOf(dirty);
    }

    /**
     * The clean segments of {@code segments} (wholly below {@code firstDirty}) and the dirty ones after them, up to
     * the first segment that is the active one, reaches above {@code lastStableOffset} or holds a timestamp after
     * {@code youngestTimestamp}. Called under the log's lock.
     */
    static CleanableSection find(LogSegments segments, long firstDirty, long lastStableOffset, long youngestTimestamp) {
        List<LogSegment> clean = new ArrayList<>();
        List<LogSegment> dirty = new ArrayList<>();
        for (LogSegment s : segments.all()) {
            Optional<LogSegment> next = segments.after(s);
            if (next.isEmpty()) break;
            long upperBound = next.get().baseOffset();
            if (upperBound <= firstDirty) {
                clean.add(s);
            } else if (upperBound <= lastStableOffset && s.maxTimestampSoFar() <= youngestTimestamp) {
                dirty.add(s);
            } else {
                break;
            }
        }
        return new CleanableSection(clean, dirty, firstDirty);
    }

    long dirtyBytes() {
        return bytes(dirty);
    }

    /** The dirty share of the section's bytes, which {@code min.cleanable.dirty.ratio} is compared with; 0 when empty. */
    double dirtyRatio() {
        long total = bytes(clean) + dirtyBytes();
        return total == 0 ? 0 : (double) dirtyBytes() / total;
    }

    private static long bytes(List<LogSegment> segments) {
        long sum = 0;
        for (LogSegment s : segments) sum += s.sizeInBytes();
        return sum;
    }
}
