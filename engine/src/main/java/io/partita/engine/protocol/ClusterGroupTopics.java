package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.util.HashMap;
import java.util.Map;

/** The topics the group coordinator checks commits against: the cluster's, read from its local cache. */
public final class ClusterGroupTopics implements GroupTopics {

    private final ClusterMetadata cluster;

    public ClusterGroupTopics(ClusterMetadata cluster) {
        this.cluster = cluster;
    }

    @Override
    public Uuid id(String name) {
        return cluster.topic(name).map(TopicMetadata::topicId).orElse(null);
    }

    @Override
    public String name(Uuid id) {
        return cluster.topic(id).map(TopicMetadata::name).orElse(null);
    }

    @Override
    public int partitionCount(String name) {
        return cluster.topic(name).map(TopicMetadata::partitionCount).orElse(0);
    }

    @Override
    public Map<String, Integer> partitionCounts() {
        Map<String, Integer> counts = new HashMap<>();
        cluster.topics().forEach(t -> counts.put(t.name(), t.partitionCount()));
        return counts;
    }

    @Override
    public Node broker(int nodeId, String listenerName) {
        return cluster.servingBrokers().stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .flatMap(b -> b.endpoint(listenerName).map(e -> new Node(b.nodeId(), e.host(), e.port(), b.rack()))).orElse(null);
    }
}
