package io.partita.engine.cluster;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the replicas of new partitions: round-robin over the live brokers sorted by id, each partition's
 * replica list starting one broker further on, so leaders (the first replica) spread evenly, as Kafka's
 * rack-unaware assignment does. Stateless.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * @param brokerIds      live broker ids, sorted
     * @param firstPartition the number of the first new partition
     * @param count          how many partitions to place
     */
    static List<PartitionAssignment> place(List<Integer> brokerIds, int firstPartition, int count, int replicationFactor) {
        if (replicationFactor > brokerIds.size()) {
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + replicationFactor
                    + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokerIds.size() + " broker(s) are registered or some brokers have all their log directories cordoned.");
        }
        List<PartitionAssignment> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int partition = firstPartition + i;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            for (int r = 0; r < replicationFactor; r++) {
                replicas.add(brokerIds.get((partition + r) % brokerIds.size()));
            }
            result.add(new PartitionAssignment(partition, replicas, replicas.get(0), 0, replicas, 0));
        }
        return result;
    }
}
