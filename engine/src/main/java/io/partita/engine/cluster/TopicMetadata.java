package io.partita.engine.cluster;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A topic as the cluster knows it: name, id, the assignment of each partition (index = partition number) and
 * the topic-level config overrides. Immutable.
 */
public record TopicMetadata(String name, Uuid topicId, List<PartitionAssignment> partitions, Map<String, String> configs) {

    public TopicMetadata {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public Optional<PartitionAssignment> partition(int partition) {
        return partition >= 0 && partition < partitions.size() ? Optional.of(partitions.get(partition)) : Optional.empty();
    }

    public List<TopicPartition> topicPartitions() {
        List<TopicPartition> result = new ArrayList<>(partitions.size());
        for (PartitionAssignment p : partitions) result.add(new TopicPartition(name, p.partition()));
        return result;
    }

    public TopicMetadata withPartitions(List<PartitionAssignment> newPartitions) {
        return new TopicMetadata(name, topicId, newPartitions, configs);
    }

    public TopicMetadata withConfigs(Map<String, String> newConfigs) {
        return new TopicMetadata(name, topicId, partitions, newConfigs);
    }
}
