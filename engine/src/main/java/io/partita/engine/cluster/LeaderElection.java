package io.partita.engine.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the controller makes of a partition when brokers come or go: dead replicas leave the ISR, and a partition
 * whose leader is dead (or that has none) gets the first live in-sync replica, in replica order, as its leader with
 * the next leader epoch. Unclean election is off: a replica outside the ISR never becomes leader, so when no
 * in-sync replica is alive the partition has no leader (and keeps its ISR, so the last in-sync replica takes over
 * again when it returns). Stateless.
 */
final class LeaderElection {

    private LeaderElection() {
    }

    static PartitionAssignment onLiveBrokers(PartitionAssignment p, Set<Integer> live) {
        List<Integer> liveIsr = new ArrayList<>(p.isr());
        liveIsr.retainAll(live);
        if (p.leader() != PartitionAssignment.NO_LEADER && live.contains(p.leader()) && p.isr().contains(p.leader())) {
            return liveIsr.equals(p.isr()) ? p : p.withIsr(liveIsr);
        }
        for (int candidate : p.replicas()) {
            if (liveIsr.contains(candidate)) return p.withLeader(candidate, liveIsr);
        }
        return p.leader() == PartitionAssignment.NO_LEADER ? p : p.withLeader(PartitionAssignment.NO_LEADER, p.isr());
    }
}
