package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** The size on disk of partitions' leader replicas, from DescribeLogDirs of the leading nodes. Stateless. */
public final class PartitionSizes {

    private PartitionSizes() {
    }

    /**
     * @param leaders each partition's leading node; partitions without one are left out
     * @return bytes on disk of each partition's replica on its leader, where that leader reported it
     */
    public static Map<TopicPartition, Long> ofLeaders(Admin admin, Map<TopicPartition, Integer> leaders) {
        if (leaders.isEmpty()) return Map.of();
        Map<Integer, Map<String, LogDirDescription>> byNode =
                Futures.get(admin.describeLogDirs(leaders.values().stream().distinct().toList()).allDescriptions());
        Map<TopicPartition, Long> sizes = new HashMap<>();
        leaders.forEach((partition, leader) -> byNode.getOrDefault(leader, Map.of()).values().forEach(dir -> {
            ReplicaInfo replica = dir.replicaInfos().get(partition);
            if (replica != null) sizes.put(partition, replica.size());
        }));
        return sizes;
    }
}
