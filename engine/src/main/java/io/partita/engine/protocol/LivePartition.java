package io.partita.engine.protocol;

import io.partita.engine.cluster.PartitionAssignment;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A partition's assignment as clients are told it: the leader only when it is alive (else -1 and
 * LEADER_NOT_AVAILABLE), and the replicas on dead brokers as offline. Shared by Metadata and
 * DescribeTopicPartitions so both say the same.
 */
record LivePartition(PartitionAssignment assignment, int leaderId, Errors error, List<Integer> offlineReplicas) {

    static LivePartition of(PartitionAssignment p, Collection<Integer> liveBrokers) {
        boolean leaderLive = liveBrokers.contains(p.leader());
        return new LivePartition(p, leaderLive ? p.leader() : -1,
                leaderLive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE, offline(p.replicas(), liveBrokers));
    }

    /** Metadata answers list every partition of every topic: the usual answer, none offline, allocates nothing. */
    private static List<Integer> offline(List<Integer> replicas, Collection<Integer> liveBrokers) {
        List<Integer> offline = List.of();
        for (Integer id : replicas) {
            if (liveBrokers.contains(id)) continue;
            if (offline.isEmpty()) offline = new ArrayList<>(replicas.size());
            offline.add(id);
        }
        return offline;
    }
}
