package io.partita.engine.log;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one log ordered by base offset; the last one is the active segment appends go to.
 *
 * <p>Invariant (once loaded): never empty, and segments' offset ranges do not overlap.
 *
 * <p>Thread-safety: changed by the owning log's appender only; lookups may run concurrently and see a consistent
 * map at all times (a concurrent skip list), possibly just before or after a roll or deletion.
 */
final class LogSegments {

    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    void remove(LogSegment segment) {
        segments.remove(segment.baseOffset(), segment);
    }

    int count() {
        return segments.size();
    }

    LogSegment active() {
        return segments.lastEntry().getValue();
    }

    LogSegment oldest() {
        return segments.firstEntry().getValue();
    }

    /** The segment that would hold {@code offset}: the last one starting at or before it. */
    Optional<LogSegment> floor(long offset) {
        return Optional.ofNullable(segments.floorEntry(offset)).map(Map.Entry::getValue);
    }

    Optional<LogSegment> after(LogSegment segment) {
        return Optional.ofNullable(segments.higherEntry(segment.baseOffset())).map(Map.Entry::getValue);
    }

    /** Oldest first; a live view that tolerates concurrent changes. */
    Collection<LogSegment> all() {
        return segments.values();
    }

    long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) size += s.sizeInBytes();
        return size;
    }

    /** Closes every segment ({@link LogSegment#close()}); the first failure is thrown once all were tried. */
    void closeAll() throws IOException {
        forEachTryingAll(LogSegment::close);
    }

    /** Closes every segment's files without writing to them: what is on disk stays as it is, for recovery. */
    void releaseAll() throws IOException {
        forEachTryingAll(LogSegment::release);
    }

    @FunctionalInterface
    private interface SegmentAction {
        void apply(LogSegment segment) throws IOException;
    }

    private void forEachTryingAll(SegmentAction action) throws IOException {
        IOException failure = null;
        for (LogSegment s : segments.values()) {
            try {
                action.apply(s);
            } catch (IOException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
