package io.partita.engine.protocol;

import io.partita.engine.config.NodeConfig;

/**
 * How this node fills in what a topic creation leaves out: {@code num.partitions},
 * {@code default.replication.factor}, and whether Metadata may create topics ({@code auto.create.topics.enable}).
 */
record TopicDefaults(int numPartitions, short replicationFactor, boolean autoCreate) {

    static TopicDefaults from(NodeConfig node) {
        return new TopicDefaults(node.numPartitions(), node.defaultReplicationFactor(), node.autoCreateTopics());
    }
}
