package io.partita.engine.protocol;

import io.partita.engine.cluster.PartitionAssignment;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A partition's assignment as clients are told it: the leader only when it is alive and its replica online (else -1
 * and LEADER_NOT_AVAILABLE), and the replicas on dead brokers or reported offline by their broker (a failed log) as
 * offline. Shared by Metadata and DescribeTopicPartitions so both say the same.
 */
record LivePartition(PartitionAssignment assignment, int leaderId, Errors error, List<Integer> offlineReplicas) {

    /** @param offlineHere the brokers that reported their replica of this partition offline */
    static LivePartition of(PartitionAssignment p, Collection<Integer> liveBrokers, Collection<Integer> offlineHere) {
        boolean leaderLive = liveBrokers.contains(p.leader()) && !offlineHere.contains(p.leader());
        return new LivePartition(p, leaderLive ? p.leader() : -1,
                leaderLive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE, offline(p.replicas(), liveBrokers, offlineHere));
    }

    /** Metadata answers list every partition of every topic: the usual answer, none offline, allocates nothing. */
    private static List<Integer> offline(List<Integer> replicas, Collection<Integer> liveBrokers, Collection<Integer> offlineHere) {
        List<Integer> offline = List.of();
        for (Integer id : replicas) {
            if (liveBrokers.contains(id) && !offlineHere.contains(id)) continue;
            if (offline.isEmpty()) offline = new ArrayList<>(replicas.size());
            offline.add(id);
        }
        return offline;
    }
}
