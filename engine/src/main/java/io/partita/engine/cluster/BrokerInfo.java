package io.partita.engine.cluster;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A broker as the cluster knows it: its id, where clients reach its Kafka listener, its rack, the Hazelcast member
 * it runs in and that member's address (the member's leaving tells at once that the broker died; the address names
 * its seat in the metadata quorum), whether it asked for a controlled shutdown (then it leads no
 * partition another in-sync replica can lead, and gets no new replicas), whether the controller fenced it
 * because its lease expired (then it counts as dead until its heartbeats reach the metadata store again), the
 * most partition replicas it holds ({@code max.broker.partitions}, its own setting, which every node placing
 * replicas on it respects), and which of its replicas are offline because their log failed (partition numbers by
 * topic, sorted; each counts as a dead broker's replica of that partition until the broker reports it back).
 *
 * <p>{@code endpoints} names the advertised endpoint of each of its listeners by listener name; {@code host} and
 * {@code port} are those of its inter-broker listener. A registration without endpoints (written before listeners
 * had names) serves every listener name at {@code host:port}.
 */
public record BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid, String memberAddress,
                         boolean shuttingDown, boolean fenced, int maxPartitions, Map<String, List<Integer>> offlineReplicas,
                         Map<String, BrokerEndpoint> endpoints) {

    public BrokerInfo {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        // Registrations written before replicas could go offline have no such field.
        Map<String, List<Integer>> sorted = new TreeMap<>();
        if (offlineReplicas != null) offlineReplicas.forEach((topic, partitions) -> sorted.put(topic, partitions.stream().sorted().toList()));
        offlineReplicas = Map.copyOf(sorted);
    }

    /** A registration with every replica online. */
    public BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid, String memberAddress,
                      boolean shuttingDown, boolean fenced, int maxPartitions) {
        this(nodeId, host, port, rack, memberUuid, memberAddress, shuttingDown, fenced, maxPartitions, Map.of(), Map.of());
    }

    /** Where clients of the listener {@code listenerName} reach this broker; empty when it has no such listener. */
    public Optional<BrokerEndpoint> endpoint(String listenerName) {
        if (endpoints.isEmpty()) return Optional.of(new BrokerEndpoint(host, port));
        return Optional.ofNullable(endpoints.get(listenerName));
    }

    public BrokerInfo withShuttingDown() {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, memberAddress, true, fenced, maxPartitions, offlineReplicas, endpoints);
    }

    /** This registration fenced (its lease expired: it may lead nothing) or unfenced, as the controller decides. */
    public BrokerInfo withFenced(boolean fenced) {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, memberAddress, shuttingDown, fenced, maxPartitions, offlineReplicas, endpoints);
    }

    /** This registration saying that exactly {@code offline} of the broker's replicas are offline. */
    public BrokerInfo withOfflineReplicas(Collection<TopicPartition> offline) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : offline) byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, memberAddress, shuttingDown, fenced, maxPartitions, byTopic, endpoints);
    }

    /** Whether this broker reported its replica of the partition offline. */
    public boolean hasOfflineReplica(String topic, int partition) {
        List<Integer> partitions = offlineReplicas.get(topic);
        return partitions != null && partitions.contains(partition);
    }
}
