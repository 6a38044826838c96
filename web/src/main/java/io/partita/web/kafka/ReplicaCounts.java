package io.partita.web.kafka;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the partitions of the topics described spread over the nodes: per node the replicas it holds, the partitions
 * it leads and those of them that are under-replicated (fewer in-sync replicas than replicas); and the totals.
 * Immutable after counting.
 */
public final class ReplicaCounts {

    private final Map<Integer, Integer> replicas = new HashMap<>();
    private final Map<Integer, Integer> leaders = new HashMap<>();
    private final Map<Integer, Integer> underReplicatedLeaders = new HashMap<>();
    private int partitions;
    private int underReplicated;

    public ReplicaCounts(Collection<TopicDescription> topics) {
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                partitions++;
                boolean under = partition.isr().size() < partition.replicas().size();
                if (under) underReplicated++;
                partition.replicas().forEach(node -> replicas.merge(node.id(), 1, Integer::sum));
                Node leader = partition.leader();
                if (leader == null || leader.isEmpty()) continue;
                leaders.merge(leader.id(), 1, Integer::sum);
                if (under) underReplicatedLeaders.merge(leader.id(), 1, Integer::sum);
            }
        }
    }

    public int partitions() {
        return partitions;
    }

    public int underReplicated() {
        return underReplicated;
    }

    public int replicas(int node) {
        return replicas.getOrDefault(node, 0);
    }

    public int leaders(int node) {
        return leaders.getOrDefault(node, 0);
    }

    public int underReplicatedLeaders(int node) {
        return underReplicatedLeaders.getOrDefault(node, 0);
    }

    /** Every node holding a replica, live or not: a node that is down still holds the replicas assigned to it. */
    public Set<Integer> replicaHolders() {
        return new TreeSet<>(replicas.keySet());
    }
}
