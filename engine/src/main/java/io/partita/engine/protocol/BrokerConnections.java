package io.partita.engine.protocol;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's connections to the other live brokers for one purpose (its client id says which): one per broker,
 * opened through {@link KafkaPeers} on first use. A broker that comes back with another endpoint gets a new one.
 * Thread-safe.
 */
final class BrokerConnections {

    private final ClusterMetadata cluster;
    private final KafkaPeers peers;
    private final String clientId;
    private final Map<BrokerInfo, PeerConnection> connections = new ConcurrentHashMap<>();

    BrokerConnections(ClusterMetadata cluster, KafkaPeers peers, String clientId) {
        this.cluster = cluster;
        this.peers = peers;
        this.clientId = clientId;
    }

    /** The connection to broker {@code nodeId}; empty when no live broker has that id. */
    Optional<PeerConnection> to(int nodeId) {
        return cluster.liveBrokers().stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .map(broker -> connections.computeIfAbsent(broker, b -> peers.connect(b, clientId)));
    }
}
