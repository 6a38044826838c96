package io.partita.engine.log;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The leader epochs of one partition log: for each epoch, the first offset written under it. A follower asks its
 * leader where one of its epochs ends (OffsetForLeaderEpoch) and truncates there, so replicas never diverge.
 *
 * <p>Invariants, kept by every change: epochs and their start offsets both strictly increase, and only the latest
 * epoch may start at the log end offset (a leader records its epoch there when it takes over, before it has written
 * anything). An entry that contradicts newer data is dropped rather than kept, because a leader answers followers
 * from these entries: one stale entry makes it name a boundary far below where its log really changes epoch.
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

    /**
     * Records that the log holds {@code epoch} from {@code startOffset} on. More batches of the latest epoch change
     * nothing. Anything else becomes the latest entry, and the entries it contradicts go: every epoch at least as new
     * (an epoch this replica took while it led alone, which the data written since at that offset does not carry)
     * and every epoch starting at or after {@code startOffset} (its records, if it had any, are gone).
     */
    synchronized void assign(int epoch, long startOffset) {
        if (epoch < 0) return;
        Map.Entry<Integer, Long> latest = startOffsets.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue() <= startOffset) return;
        startOffsets.tailMap(epoch, true).clear();
        startOffsets.values().removeIf(start -> start >= startOffset);
        startOffsets.put(epoch, startOffset);
    }

    synchronized OptionalInt latestEpoch() {
        return startOffsets.isEmpty() ? OptionalInt.empty() : OptionalInt.of(startOffsets.lastKey());
    }

    /**
     * Where {@code requested} ends in this log, as Kafka answers OffsetForLeaderEpoch: the largest epoch at most
     * {@code requested} with the start of the next epoch, or the log end for the latest epoch. An epoch older than
     * every entry is answered as itself, ending where the first entry starts (the log holds nothing of it or older).
     * Undefined (-1, -1) when {@code requested} is newer than every epoch here or negative: the asker then knows that
     * none of its records of that epoch can be here.
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
