package io.partita.engine.log;

import java.util.List;

/**
 * The segments of one log a compaction may rewrite, oldest first, as {@link PartitionLog#cleanableSection} found
 * them: the clean ones, compacted before, then the dirty ones, written since.
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
