package io.partita.engine.cluster;

import java.util.List;

/**
 * Who holds one partition: its replicas in preference order, the current leader (-1 when none is alive in the ISR)
 * and its epoch, the in-sync replicas, and the epoch of the controller that last chose its leader or ISR.
 *
 * <p>Immutable. The leader epoch grows with every change of leader; an ISR change keeps it. A controller's write
 * is refused when the partition already carries a newer {@code controllerEpoch} (a deposed controller is fenced).
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
                                  int controllerEpoch) {

    /** No leader: every in-sync replica is down and unclean election is off. */
    public static final int NO_LEADER = -1;

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public PartitionAssignment withIsr(List<Integer> newIsr) {
        return new PartitionAssignment(partition, replicas, leader, leaderEpoch, newIsr, controllerEpoch);
    }

    public PartitionAssignment withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionAssignment(partition, replicas, newLeader, leaderEpoch + 1, newIsr, controllerEpoch);
    }

    public PartitionAssignment withControllerEpoch(int epoch) {
        return new PartitionAssignment(partition, replicas, leader, leaderEpoch, isr, epoch);
    }
}
