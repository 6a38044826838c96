package io.partita.engine.sharestate;

import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.FencedStateEpochException;
import org.apache.kafka.common.errors.InvalidRequestException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The durable state of one share partition (KIP-932), and equally a write to it (WriteShareGroupState, or the update
 * record that stores one): both carry the same fields.
 *
 * <p>As stored state: the batches are sorted, do not overlap, lie at or above the start offset (when it is known)
 * and no two adjacent ones could be one run. Offsets between batches, and from the last batch on, are as yet
 * undelivered. As a write: a start offset of -1 leaves the stored one as it is; the batches name the offsets the
 * write changes. Immutable.
 *
 * @param stateEpoch            bumped when the state is initialized anew (InitializeShareGroupState); a write of an
 *                              older epoch is refused
 * @param leaderEpoch           the newest leader epoch of the share partition seen; a partition leader of an older
 *                              one is refused; -1 when none was
 * @param startOffset           the share-partition start offset; -1 when not initialized (or, in a write, unchanged)
 * @param deliveryCompleteCount KIP-1226's count of offsets at or above the start offset whose delivery is complete,
 *                              as the leader last wrote it; -1 when unknown
 * @param batches               the delivery state of runs of offsets
 */
public record ShareState(int stateEpoch, int leaderEpoch, long startOffset, int deliveryCompleteCount, List<StateBatch> batches) {

    /** The leader or state epoch of a request that does not state one: neither checked nor recorded. */
    public static final int NO_EPOCH = -1;

    public ShareState {
        batches = List.copyOf(batches);
    }

    /** What is answered for a share partition whose state was never initialized. */
    public static ShareState uninitialized() {
        return new ShareState(0, NO_EPOCH, -1, -1, List.of());
    }

    /**
     * The state InitializeShareGroupState sets: a new state epoch at a start offset, nothing delivered yet (so none
     * complete, once the start offset is known).
     */
    static ShareState initialized(int stateEpoch, int leaderEpoch, long startOffset) {
        return new ShareState(stateEpoch, leaderEpoch, startOffset, startOffset >= 0 ? 0 : -1, List.of());
    }

    /**
     * A write as a request carries it, its batches checked and sorted.
     *
     * @throws InvalidRequestException for a malformed batch or batches that overlap
     */
    public static ShareState write(int stateEpoch, int leaderEpoch, long startOffset, int deliveryCompleteCount,
                                   List<StateBatch> batches) {
        if (startOffset < -1) {
            throw new InvalidRequestException("Start offset " + startOffset + " is neither an offset nor -1");
        }
        List<StateBatch> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparingLong(StateBatch::firstOffset));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).firstOffset() <= sorted.get(i - 1).lastOffset()) {
                throw new InvalidRequestException("State batches " + sorted.get(i - 1).firstOffset() + "-"
                        + sorted.get(i - 1).lastOffset() + " and " + sorted.get(i).firstOffset() + "-"
                        + sorted.get(i).lastOffset() + " overlap");
            }
        }
        return new ShareState(stateEpoch, leaderEpoch, startOffset, deliveryCompleteCount, sorted);
    }

    /** The same state as seen by a partition leader of {@code newLeaderEpoch}: the write that records it. */
    ShareState leaderEpochWrite(int newLeaderEpoch) {
        return new ShareState(stateEpoch, newLeaderEpoch, -1, deliveryCompleteCount, List.of());
    }

    /**
     * Refuses a partition leader whose leader epoch is older than the newest seen.
     *
     * @throws FencedLeaderEpochException when {@code requestLeaderEpoch} is below the stored one
     */
    void checkLeaderEpoch(int requestLeaderEpoch) {
        if (requestLeaderEpoch != NO_EPOCH && requestLeaderEpoch < leaderEpoch) {
            throw new FencedLeaderEpochException("Leader epoch " + requestLeaderEpoch + " is older than the share partition's "
                    + leaderEpoch);
        }
    }

    /**
     * Refuses a write that cannot apply to this state.
     *
     * @throws FencedLeaderEpochException when its leader epoch is older than the newest seen
     * @throws FencedStateEpochException  when its state epoch is older than this state's
     */
    void checkWrite(ShareState write) {
        checkLeaderEpoch(write.leaderEpoch);
        if (write.stateEpoch < stateEpoch) {
            throw new FencedStateEpochException("State epoch " + write.stateEpoch + " is older than the share partition's "
                    + stateEpoch);
        }
    }

    /**
     * This state with {@code write} applied: its start offset (unless -1) replaces the stored one, its batches replace
     * the state of the offsets they cover, everything below the start offset is dropped, and the epochs and count
     * are the write's (a leader epoch of -1 keeps the stored one). The same rule applies a write when it is made and
     * when its record is replayed, so both give the same state.
     */
    ShareState merged(ShareState write) {
        NavigableMap<Long, StateBatch> runs = new TreeMap<>();
        batches.forEach(b -> runs.put(b.firstOffset(), b));
        write.batches.forEach(b -> overwrite(runs, b));
        long start = write.startOffset >= 0 ? write.startOffset : startOffset;
        return new ShareState(write.stateEpoch, write.leaderEpoch != NO_EPOCH ? write.leaderEpoch : leaderEpoch, start,
                write.deliveryCompleteCount, coalesced(runs.values(), start));
    }

    /** Puts {@code batch} into {@code runs}, cutting the runs it overlaps down to what lies outside it. */
    private static void overwrite(NavigableMap<Long, StateBatch> runs, StateBatch batch) {
        Map.Entry<Long, StateBatch> before = runs.lowerEntry(batch.firstOffset());
        if (before != null && before.getValue().lastOffset() >= batch.firstOffset()) {
            StateBatch cut = before.getValue();
            runs.put(cut.firstOffset(), cut.slice(cut.firstOffset(), batch.firstOffset() - 1));
            if (cut.lastOffset() > batch.lastOffset()) {
                runs.put(batch.lastOffset() + 1, cut.slice(batch.lastOffset() + 1, cut.lastOffset()));
            }
        }
        NavigableMap<Long, StateBatch> covered = runs.subMap(batch.firstOffset(), true, batch.lastOffset(), true);
        StateBatch last = covered.isEmpty() ? null : covered.lastEntry().getValue();
        covered.clear();
        if (last != null && last.lastOffset() > batch.lastOffset()) {
            runs.put(batch.lastOffset() + 1, last.slice(batch.lastOffset() + 1, last.lastOffset()));
        }
        runs.put(batch.firstOffset(), batch);
    }

    /** The runs from {@code start} on (all when it is -1), adjacent runs of the same state and count joined. */
    private static List<StateBatch> coalesced(Iterable<StateBatch> runs, long start) {
        List<StateBatch> result = new ArrayList<>();
        for (StateBatch run : runs) {
            if (run.lastOffset() < start) continue;
            StateBatch kept = run.firstOffset() < start ? run.slice(start, run.lastOffset()) : run;
            int last = result.size() - 1;
            if (last >= 0 && result.get(last).joins(kept)) {
                result.set(last, result.get(last).slice(result.get(last).firstOffset(), kept.lastOffset()));
            } else {
                result.add(kept);
            }
        }
        return result;
    }
}
