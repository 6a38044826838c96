package io.partita.engine.group;

import io.partita.engine.config.NodeConfig;

import java.util.Map;

/**
 * How the internal topic {@code __consumer_offsets} is created and written, from the node's settings of the same
 * Kafka names.
 *
 * @param numPartitions     {@code offsets.topic.num.partitions}: fixed once the topic exists, as a group's partition
 *                          (and so its coordinator) follows from it
 * @param replicationFactor {@code offsets.topic.replication.factor}: capped at the live brokers when it is created
 * @param segmentBytes      {@code offsets.topic.segment.bytes}
 * @param commitTimeoutMs   {@code offsets.commit.timeout.ms}: how long a commit waits for every in-sync replica
 */
public record OffsetsTopicConfig(int numPartitions, int replicationFactor, int segmentBytes, int commitTimeoutMs) {

    /** The node's offsets topic settings (their ranges are checked by {@link NodeConfig}). */
    public static OffsetsTopicConfig from(NodeConfig node) {
        return new OffsetsTopicConfig(node.offsetsTopicNumPartitions(), node.offsetsTopicReplicationFactor(),
                node.offsetsTopicSegmentBytes(), node.offsetsCommitTimeoutMs());
    }

    /** The topic configs it is created with: compacted, so that the latest record of each key survives. */
    Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "segment.bytes", Integer.toString(segmentBytes),
                "compression.type", "producer");
    }
}
