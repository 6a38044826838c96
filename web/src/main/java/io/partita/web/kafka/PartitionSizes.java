package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The size on disk of partitions' replicas, and of all a node holds, from DescribeLogDirs of the nodes holding them.
 * A node that does not answer leaves its sizes unknown rather than failing the others'. Stateless.
 */
public final class PartitionSizes {

    private PartitionSizes() {
    }

    /**
     * @param leaders each partition's leading node; partitions without one are left out
     * @return bytes on disk of each partition's replica on its leader, where that leader reported it
     */
    public static Map<TopicPartition, Long> ofLeaders(Admin admin, Map<TopicPartition, Integer> leaders) {
        Map<TopicPartition, List<Integer>> holders = leaders.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, leader -> List.of(leader.getValue())));
        Map<TopicPartition, Long> sizes = new HashMap<>();
        ofReplicas(admin, holders).forEach((partition, byNode) ->
                byNode.values().forEach(size -> sizes.put(partition, size)));
        return sizes;
    }

    /**
     * @param holders the nodes whose replica of each partition to measure
     * @return bytes on disk of each partition's replica by node, where that node reported it (a replica moving
     *         between log directories of a node counts where it is now, not its future copy)
     */
    public static Map<TopicPartition, Map<Integer, Long>> ofReplicas(Admin admin,
                                                                     Map<TopicPartition, ? extends Collection<Integer>> holders) {
        List<Integer> nodes = holders.values().stream().flatMap(Collection::stream).distinct().toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = logDirs(admin, nodes);
        Map<TopicPartition, Map<Integer, Long>> sizes = new HashMap<>();
        holders.forEach((partition, nodesOfPartition) -> nodesOfPartition.forEach(node ->
                dirs.getOrDefault(node, Map.of()).values().forEach(dir -> {
                    ReplicaInfo replica = dir.replicaInfos().get(partition);
                    if (replica != null && !replica.isFuture()) sizes.computeIfAbsent(partition, p -> new HashMap<>()).put(node, replica.size());
                })));
        return sizes;
    }

    /**
     * @return bytes on disk of all partition replicas in the log directories of each node, where that node
     *         answered (future copies of replicas moving between directories included: they take room too)
     */
    public static Map<Integer, Long> ofNodes(Admin admin, Collection<Integer> nodes) {
        Map<Integer, Long> sizes = new HashMap<>();
        logDirs(admin, nodes).forEach((node, dirs) -> sizes.put(node, dirs.values().stream()
                .flatMap(dir -> dir.replicaInfos().values().stream()).mapToLong(ReplicaInfo::size).sum()));
        return sizes;
    }

    /** Each node's log directories, by path; a node that does not answer is left out. */
    private static Map<Integer, Map<String, LogDirDescription>> logDirs(Admin admin, Collection<Integer> nodes) {
        if (nodes.isEmpty()) return Map.of();
        Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> answers = admin.describeLogDirs(nodes).descriptions();
        Map<Integer, Map<String, LogDirDescription>> dirs = new HashMap<>();
        answers.forEach((node, answer) -> {
            try {
                dirs.put(node, Futures.get(answer));
            } catch (KafkaException unreachable) {
                // A node that is down or restarting: its sizes stay unknown (null in the views).
            }
        });
        return dirs;
    }
}
