package io.partita.engine.cluster;

import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.EligibleLeadersNotAvailableException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the controller chooses a partition's leader, as Kafka does.
 *
 * <ul>
 *   <li>When brokers come or go ({@link #onLiveBrokers}): dead replicas leave the ISR, and a partition whose leader
 *   is dead, shutting down or missing gets the first live in-sync replica, in replica order, with the next leader
 *   epoch. With unclean election off a replica outside the ISR never leads: when no in-sync replica is alive the
 *   partition has no leader and keeps its ISR, so the last in-sync replica takes over again when it returns. With
 *   {@code unclean.leader.election.enable} the first live replica leads then, alone in the ISR.</li>
 *   <li>Preferred ({@link #preferred}): the first replica leads when it is alive and in sync.</li>
 *   <li>Unclean on request ({@link #unclean}): only for a partition without a live leader.</li>
 * </ul>
 * Stateless.
 */
final class LeaderElection {

    private LeaderElection() {
    }

    static PartitionAssignment onLiveBrokers(PartitionAssignment p, Set<Integer> live, boolean uncleanAllowed) {
        List<Integer> liveIsr = new ArrayList<>(p.isr());
        liveIsr.retainAll(live);
        if (p.leader() != PartitionAssignment.NO_LEADER && live.contains(p.leader()) && p.isr().contains(p.leader())) {
            return liveIsr.equals(p.isr()) ? p : p.withIsr(liveIsr);
        }
        for (int candidate : p.replicas()) {
            if (liveIsr.contains(candidate)) return p.withLeader(candidate, liveIsr);
        }
        if (uncleanAllowed) {
            for (int candidate : p.replicas()) {
                if (live.contains(candidate)) return p.withLeader(candidate, List.of(candidate));
            }
        }
        return p.leader() == PartitionAssignment.NO_LEADER ? p : p.withLeader(PartitionAssignment.NO_LEADER, p.isr());
    }

    /**
     * The partition led by its preferred (first) replica.
     *
     * @throws ElectionNotNeededException           when it already leads
     * @throws PreferredLeaderNotAvailableException when it is dead or out of sync
     */
    static PartitionAssignment preferred(PartitionAssignment p, Set<Integer> live) {
        int preferred = p.replicas().get(0);
        if (p.leader() == preferred) throw new ElectionNotNeededException("Leader election not needed for topic partition.");
        if (!live.contains(preferred) || !p.isr().contains(preferred)) {
            throw new PreferredLeaderNotAvailableException("Failed to elect leader for partition " + p.partition()
                    + ": the preferred replica " + preferred + " is not alive or not in the ISR " + p.isr());
        }
        return p.withLeader(preferred, p.isr());
    }

    /**
     * A leader for a partition that has no live one: the first live in-sync replica, else the first live replica.
     *
     * @throws ElectionNotNeededException          when a live leader exists
     * @throws EligibleLeadersNotAvailableException when no replica is alive
     */
    static PartitionAssignment unclean(PartitionAssignment p, Set<Integer> live) {
        if (p.leader() != PartitionAssignment.NO_LEADER && live.contains(p.leader())) {
            throw new ElectionNotNeededException("Leader election not needed for topic partition.");
        }
        PartitionAssignment elected = onLiveBrokers(p, live, true);
        if (elected.leader() == PartitionAssignment.NO_LEADER) {
            throw new EligibleLeadersNotAvailableException("No live replica of partition " + p.partition() + " among " + p.replicas());
        }
        return elected;
    }
}
