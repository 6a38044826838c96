package io.partita.engine.log;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The leader epochs of one partition log: for each epoch, the first offset written under it. A follower asks its
 * leader where one of its epochs ends (OffsetForLeaderEpoch) and truncates there, so replicas never diverge.
 *
 * <p>Invariants: epochs and their start offsets both increase; no start offset is at or beyond the log end offset
 * unless it is the latest epoch (a leader records its epoch at its log end when it takes over).
 *
 * <p>Not persisted on its own: it is saved in each {@link ProducerStateSnapshot} with the producer state, and the log
 * rebuilds the rest from the batch headers (which carry their leader epoch) after the snapshot while it loads, in the
 * same pass that replays the producer state, so it can never disagree with the data on disk.
 *
 * <p>Thread-safe (synchronized): changed under the owning log's lock, read by request handlers.
 */
final class LeaderEpochCache {

    static final int UNDEFINED_EPOCH = -1;
    static final long UNDEFINED_OFFSET = -1;

    private final NavigableMap<Integer, Long> startOffsets = new TreeMap<>();

    /** Records that {@code epoch} starts at {@code startOffset}; ignored when the epoch is not newer than the latest. */
    synchronized void assign(int epoch, long startOffset) {
        if (epoch < 0) return;
        Map.Entry<Integer, Long> latest = startOffsets.lastEntry();
        if (latest != null && latest.getKey() >= epoch) return;
        startOffsets.put(epoch, startOffset);
    }

    synchronized OptionalInt latestEpoch() {
        return startOffsets.isEmpty() ? OptionalInt.empty() : OptionalInt.of(startOffsets.lastKey());
    }

    /**
     * The largest epoch at most {@code requested} and the offset where it ends: the start of the next epoch, or the
     * log end for the latest epoch. Undefined (-1, -1) when {@code requested} is newer than every epoch here.
     */
    synchronized EpochEndOffset endOffsetFor(int requested, long logEndOffset) {
        if (requested < 0 || startOffsets.isEmpty()) return EpochEndOffset.UNDEFINED;
        if (requested == startOffsets.lastKey()) return new EpochEndOffset(requested, logEndOffset);
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requested);
        if (higher == null) return EpochEndOffset.UNDEFINED;
        Map.Entry<Integer, Long> floor = startOffsets.floorEntry(requested);
        return new EpochEndOffset(floor == null ? requested : floor.getKey(), higher.getValue());
    }

    /** Forgets the epochs starting at or after {@code endOffset}: the log was truncated there. */
    synchronized void truncateFromEnd(long endOffset) {
        startOffsets.values().removeIf(start -> start >= endOffset);
    }

    /** The start offset of every epoch, by epoch. */
    synchronized NavigableMap<Integer, Long> entries() {
        return new TreeMap<>(startOffsets);
    }

    synchronized void clear() {
        startOffsets.clear();
    }
}
