package io.partita.engine.group;

import java.util.Map;

/**
 * How the internal topic {@code __consumer_offsets} is created, by Kafka's broker config names.
 *
 * @param numPartitions     {@code offsets.topic.num.partitions}: fixed once the topic exists, as a group's partition
 *                          (and so its coordinator) follows from it
 * @param replicationFactor {@code offsets.topic.replication.factor}: capped at the live brokers when it is created
 * @param segmentBytes      {@code offsets.topic.segment.bytes}
 */
public record OffsetsTopicConfig(int numPartitions, int replicationFactor, int segmentBytes) {

    public OffsetsTopicConfig {
        if (numPartitions < 1 || replicationFactor < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("offsets topic " + numPartitions + " partitions, replication factor "
                    + replicationFactor + ", segments of " + segmentBytes + " bytes");
        }
    }

    /** Kafka's defaults: 50 partitions, replication factor 3, 100 MiB segments. */
    public static OffsetsTopicConfig defaults() {
        return new OffsetsTopicConfig(50, 3, 100 * 1024 * 1024);
    }

    /** The topic configs it is created with: compacted, so that the latest record of each key survives. */
    Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "segment.bytes", Integer.toString(segmentBytes),
                "compression.type", "producer");
    }
}
