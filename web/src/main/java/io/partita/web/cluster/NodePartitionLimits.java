package io.partita.web.cluster;

import io.partita.engine.config.NodeConfig;
import io.partita.web.kafka.Futures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The partition limits the nodes report in their broker configs (one DescribeConfigs round): each node's
 * {@code max.partitions.per.request}, the most partitions one CreateTopics or CreatePartitions request may create,
 * and its {@code max.broker.partitions}, the most partition replicas it holds. The console checks a new topic
 * against them before asking; the nodes refuse more anyway (POLICY_VIOLATION). Immutable.
 *
 * @param perRequest the smallest {@code max.partitions.per.request} of the nodes (whichever takes the request)
 * @param perBroker  each node's {@code max.broker.partitions}, by node id; a node that did not say is left out
 */
record NodePartitionLimits(Integer perRequest, Map<Integer, Integer> perBroker) {

    static NodePartitionLimits of(Admin admin, Collection<Node> nodes) {
        Map<ConfigResource, Integer> brokers = new HashMap<>();
        nodes.forEach(node -> brokers.put(new ConfigResource(ConfigResource.Type.BROKER, node.idString()), node.id()));
        Map<ConfigResource, Config> configs = brokers.isEmpty() ? Map.of()
                : Futures.get(admin.describeConfigs(brokers.keySet()).all());
        Integer perRequest = null;
        Map<Integer, Integer> perBroker = new HashMap<>();
        for (Map.Entry<ConfigResource, Config> broker : configs.entrySet()) {
            Integer request = value(broker.getValue(), NodeConfig.MAX_PARTITIONS_PER_REQUEST);
            if (request != null) perRequest = perRequest == null ? request : Math.min(perRequest, request);
            Integer held = value(broker.getValue(), NodeConfig.MAX_BROKER_PARTITIONS);
            if (held != null) perBroker.put(brokers.get(broker.getKey()), held);
        }
        return new NodePartitionLimits(perRequest, perBroker);
    }

    private static Integer value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? null : Integer.valueOf(entry.value());
    }
}
