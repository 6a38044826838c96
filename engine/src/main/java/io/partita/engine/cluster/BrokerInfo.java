package io.partita.engine.cluster;

/**
 * A broker as the cluster knows it: its id, where clients reach its Kafka listener, its rack, and the Hazelcast
 * member it runs in (which tells whether it is alive).
 */
public record BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid) {
}
