package io.partita.engine.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Who holds one partition: its replicas in preference order, the current leader (-1 when none is alive in the ISR)
 * and its epoch, the in-sync replicas, the epoch of the controller that last chose its leader or ISR, and, while a
 * reassignment runs, the replicas being added and removed.
 *
 * <p>Immutable. The leader epoch grows with every change of leader; an ISR change keeps it. A controller's write
 * is refused when the partition already carries a newer {@code controllerEpoch} (a deposed controller is fenced).
 * During a reassignment {@code replicas} holds the target replicas followed by the ones being removed, as Kafka's
 * does; {@code addingReplicas} are not yet known to be in sync.
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
                                  int controllerEpoch, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    /** No leader: every in-sync replica is down and unclean election is off. */
    public static final int NO_LEADER = -1;

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        // Metadata written before reassignments existed has neither list.
        addingReplicas = addingReplicas == null ? List.of() : List.copyOf(addingReplicas);
        removingReplicas = removingReplicas == null ? List.of() : List.copyOf(removingReplicas);
    }

    public PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
                               int controllerEpoch) {
        this(partition, replicas, leader, leaderEpoch, isr, controllerEpoch, List.of(), List.of());
    }

    public PartitionAssignment withIsr(List<Integer> newIsr) {
        return new PartitionAssignment(partition, replicas, leader, leaderEpoch, newIsr, controllerEpoch, addingReplicas, removingReplicas);
    }

    public PartitionAssignment withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionAssignment(partition, replicas, newLeader, leaderEpoch + 1, newIsr, controllerEpoch, addingReplicas, removingReplicas);
    }

    public PartitionAssignment withControllerEpoch(int epoch) {
        return new PartitionAssignment(partition, replicas, leader, leaderEpoch, isr, epoch, addingReplicas, removingReplicas);
    }

    /** The same partition with another replica set and reassignment state; leader, epochs and ISR kept. */
    PartitionAssignment withReplicas(List<Integer> newReplicas, List<Integer> adding, List<Integer> removing) {
        return new PartitionAssignment(partition, newReplicas, leader, leaderEpoch, isr, controllerEpoch, adding, removing);
    }

    /** True while replicas are being added or removed. */
    public boolean reassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /**
     * True when fewer replicas are in sync than the partition should have (during a reassignment: its target
     * replicas), as Kafka's {@code UnderReplicatedPartitions} counts.
     */
    public boolean underReplicated() {
        return isr.size() < replicas.size() - removingReplicas.size();
    }

    /** The replicas the running reassignment moves to (all replicas when none runs). */
    public List<Integer> targetReplicas() {
        List<Integer> target = new ArrayList<>(replicas);
        target.removeAll(removingReplicas);
        return target;
    }

    /** The replicas before the running reassignment (all replicas when none runs). */
    public List<Integer> originalReplicas() {
        List<Integer> original = new ArrayList<>(replicas);
        original.removeAll(addingReplicas);
        return original;
    }
}
