package io.partita.engine.cluster;

import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps of a partition reassignment (AlterPartitionReassignments), as Kafka takes them (KIP-455):
 * {@link #start} widens the replica set to the target replicas plus the current ones, marking the added and the
 * removed; the added replicas fetch from the leader and join the ISR once caught up; {@link #progress} then
 * finishes it (replicas = target, ISR cut to the target, a new leader from the target's ISR when the leader is
 * removed or shutting down). {@link #cancel} goes back to the original replicas. Stateless.
 */
final class Reassignment {

    private Reassignment() {
    }

    /**
     * Starts moving {@code p} to {@code target}; a reassignment already running is replaced (its original replicas
     * stay the starting point).
     *
     * @param registered        every broker id the cluster knows
     * @param allowFactorChange whether the target may have another size than the original replicas (KIP-860)
     * @throws InvalidReplicaAssignmentException on an empty target, a duplicate or an unknown broker
     * @throws InvalidReplicationFactorException on a size change that is not allowed
     */
    static PartitionAssignment start(PartitionAssignment p, List<Integer> target, Set<Integer> registered, boolean allowFactorChange) {
        if (target.isEmpty()) throw new InvalidReplicaAssignmentException("The target replica list is empty.");
        if (!allowFactorChange && target.size() != p.originalReplicas().size()) {
            throw new InvalidReplicationFactorException("The replication factor is changed from "
                    + p.originalReplicas().size() + " to " + target.size() + " but allowReplicationFactorChange is false.");
        }
        if (new HashSet<>(target).size() != target.size()) {
            throw new InvalidReplicaAssignmentException("The target replica list " + target + " contains duplicates.");
        }
        for (int broker : target) {
            if (!registered.contains(broker)) {
                throw new InvalidReplicaAssignmentException("The target replica list " + target + " names broker " + broker
                        + ", which is not registered.");
            }
        }
        List<Integer> original = p.originalReplicas();
        List<Integer> replicas = new ArrayList<>(target);
        List<Integer> adding = new ArrayList<>(target);
        adding.removeAll(original);
        List<Integer> removing = new ArrayList<>(original);
        removing.removeAll(target);
        replicas.addAll(removing);
        return p.withReplicas(replicas, adding, removing);
    }

    /**
     * Finishes a running reassignment once every target replica is in sync and one of them can lead.
     *
     * @param eligible brokers that may lead (alive, not shutting down)
     */
    static PartitionAssignment progress(PartitionAssignment p, Set<Integer> eligible) {
        if (!p.reassigning()) return p;
        List<Integer> target = p.targetReplicas();
        if (!p.isr().containsAll(target)) return p;
        return settle(p, target, eligible);
    }

    /**
     * Goes back to the replicas the partition had before: the replica list minus the added ones, so the set is the
     * original one while replicas the target kept come in the target's order (the preferred leader may differ; a
     * preferred election or a reassignment with the old order restores it). The leader stays when it is one of them.
     *
     * @throws NoReassignmentInProgressException when none runs
     */
    static PartitionAssignment cancel(PartitionAssignment p, Set<Integer> eligible) {
        if (!p.reassigning()) {
            throw new NoReassignmentInProgressException("No reassignment is in progress for partition " + p.partition() + ".");
        }
        return settle(p, p.originalReplicas(), eligible);
    }

    private static PartitionAssignment settle(PartitionAssignment p, List<Integer> replicas, Set<Integer> eligible) {
        List<Integer> isr = new ArrayList<>(p.isr());
        isr.retainAll(replicas);
        PartitionAssignment settled = p.withReplicas(replicas, List.of(), List.of());
        if (replicas.contains(p.leader()) && eligible.contains(p.leader())) return settled.withIsr(isr);
        for (int candidate : replicas) {
            if (isr.contains(candidate) && eligible.contains(candidate)) return settled.withLeader(candidate, isr);
        }
        // No in-sync replica of the new set can lead yet: keep the reassignment running.
        return p;
    }
}
