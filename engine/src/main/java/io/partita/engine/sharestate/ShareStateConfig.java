package io.partita.engine.sharestate;

import io.partita.engine.config.NodeConfig;

import java.util.Map;

/**
 * How the internal topic {@code __share_group_state} is created and written, from the node's settings of the same
 * Kafka names.
 *
 * @param numPartitions         {@code share.coordinator.state.topic.num.partitions}: fixed once the topic exists, as
 *                              a share partition's coordinator follows from it
 * @param replicationFactor     {@code share.coordinator.state.topic.replication.factor}: capped at the live brokers
 *                              when the topic is created
 * @param minIsr                {@code share.coordinator.state.topic.min.isr}: the topic's {@code min.insync.replicas},
 *                              capped at its replication factor
 * @param segmentBytes          {@code share.coordinator.state.topic.segment.bytes}
 * @param updatesPerSnapshot    {@code share.coordinator.snapshot.update.records.per.snapshot}: update records of a
 *                              share partition between two snapshots of it (0: every write is a snapshot)
 * @param writeTimeoutMs        {@code share.coordinator.write.timeout.ms}: how long a write waits for every in-sync
 *                              replica
 */
public record ShareStateConfig(int numPartitions, int replicationFactor, int minIsr, int segmentBytes,
                               int updatesPerSnapshot, int writeTimeoutMs) {

    /** The node's share state topic settings (their ranges are checked by {@link NodeConfig}). */
    public static ShareStateConfig from(NodeConfig node) {
        return new ShareStateConfig(node.shareCoordinatorStateTopicNumPartitions(),
                node.shareCoordinatorStateTopicReplicationFactor(), node.shareCoordinatorStateTopicMinIsr(),
                node.shareCoordinatorStateTopicSegmentBytes(), node.shareCoordinatorSnapshotUpdateRecordsPerSnapshot(),
                node.shareCoordinatorWriteTimeoutMs());
    }

    /**
     * The topic configs it is created with: compacted, so that the latest record of each key survives (see
     * {@link ShareStateRecords} for why that is enough); {@code min.insync.replicas} is lowered to the replication
     * factor the topic gets.
     */
    Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "segment.bytes", Integer.toString(segmentBytes),
                "compression.type", "producer", "min.insync.replicas", Integer.toString(minIsr));
    }
}
