package io.partita.engine.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Segments removed from a log whose files are kept for {@code file.delete.delay.ms}, so that fetches which took a
 * slice of them just before can still be sent. The engine runs no thread of its own: due deletions happen when the
 * log's periodic work calls {@link #deleteDue(long)}.
 *
 * <p>Not thread-safe: used under the owning log's lock.
 */
final class DelayedSegmentDeletions {

    private record Pending(LogSegment segment, long dueMs) {
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Renames the segment's files to their deleted names and schedules their removal; with no delay removes them now. */
    void schedule(LogSegment segment, long nowMs, long delayMs) throws IOException {
        segment.renameToDeleted();
        if (delayMs <= 0) {
            segment.closeAndDelete();
        } else {
            pending.add(new Pending(segment, nowMs + delayMs));
        }
    }

    void deleteDue(long nowMs) throws IOException {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.dueMs() <= nowMs) {
                p.segment().closeAndDelete();
                it.remove();
            }
        }
    }

    void deleteAll() throws IOException {
        deleteDue(Long.MAX_VALUE);
    }
}
