package io.partita.engine.replication;

import io.partita.engine.log.EpochEndOffset;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;

/**
 * A follower's decision after one OffsetForLeaderEpoch answer (KIP-101, with KIP-279's fix for fast leader
 * fail-over): where to truncate its log, and whether to ask the leader again, about which epoch.
 *
 * <p>The rule. The follower asks about an epoch it holds (first its latest); the leader answers with the largest
 * epoch it has at most that one, and where that epoch ends in its log, or undefined when the asked epoch is newer
 * than every epoch it has.
 * <ul>
 *   <li>Undefined: none of the follower's records of the asked epoch (or newer) are on the leader, so they go, and
 *       the follower asks again about its next older epoch. Truncating to the high watermark instead, as Kafka did
 *       for leaders without epochs, would keep records of an epoch this replica led alone in: every Partita leader
 *       records its epoch when it takes over, so undefined always means the epoch is unknown, never that the leader
 *       keeps no epochs.</li>
 *   <li>An epoch the follower also has (or one older than all of its epochs): records up to the end of that epoch
 *       in both logs were written by the same leader, so the follower truncates to the smaller of the two ends and
 *       is done.</li>
 *   <li>An epoch the follower lacks: its records after its largest older epoch are of epochs the leader never had,
 *       so it truncates to where that older epoch ends in its own log and asks again about it. Stopping here, as
 *       KIP-101 did, keeps the older epoch's tail even where the leader wrote another epoch at the same offsets.</li>
 * </ul>
 * Truncation below the high watermark is allowed: the leader is the truth. Each question is about a strictly older
 * epoch than the one before, so the exchange ends.
 *
 * <p>Pure and stateless: thread-safe.
 */
final class TruncationPoint {

    /** Truncate at {@code truncateTo} (nothing when at or past the log end), then ask about {@code askNext}, if any. */
    record Step(long truncateTo, OptionalInt askNext) {
        boolean done() {
            return askNext.isEmpty();
        }
    }

    private TruncationPoint() {
    }

    /**
     * The step after the leader answered {@code leader} for {@code asked}, given the follower's epochs (start offset
     * by epoch) and log end offset.
     */
    static Step after(NavigableMap<Integer, Long> ownEpochs, long logEndOffset, int asked, EpochEndOffset leader) {
        if (leader.isUndefined()) {
            Map.Entry<Integer, Long> unknown = ownEpochs.ceilingEntry(asked);
            Integer older = ownEpochs.lowerKey(asked);
            return new Step(unknown == null ? logEndOffset : unknown.getValue(), optional(older));
        }
        // A leader never answers a newer epoch than asked; taking one at its word could ask about it forever.
        int theirs = Math.min(leader.epoch(), asked);
        Integer floor = ownEpochs.floorKey(theirs);
        if (floor == null || floor == theirs) {
            return new Step(Math.min(leader.endOffset(), ownEnd(ownEpochs, logEndOffset, theirs)), OptionalInt.empty());
        }
        return new Step(ownEnd(ownEpochs, logEndOffset, floor), OptionalInt.of(floor));
    }

    /** Where the follower's records of {@code epoch} or older end: where its next newer epoch starts. */
    private static long ownEnd(NavigableMap<Integer, Long> ownEpochs, long logEndOffset, int epoch) {
        Map.Entry<Integer, Long> next = ownEpochs.higherEntry(epoch);
        return next == null ? logEndOffset : next.getValue();
    }

    private static OptionalInt optional(Integer epoch) {
        return epoch == null ? OptionalInt.empty() : OptionalInt.of(epoch);
    }
}
