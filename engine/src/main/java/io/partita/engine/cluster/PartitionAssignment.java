package io.partita.engine.cluster;

import java.util.List;

/**
 * Who holds one partition: its replicas in preference order, the current leader and its epoch, and the in-sync
 * replicas. Immutable; a change is a new value with a higher leader epoch where leadership changed.
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr) {

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
