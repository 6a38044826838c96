package io.partita.engine.cluster;

/**
 * A broker as the cluster knows it: its id, where clients reach its Kafka listener, its rack, the Hazelcast member
 * it runs in (which tells whether it is alive), and whether it asked for a controlled shutdown (then it leads no
 * partition another in-sync replica can lead, and gets no new replicas).
 */
public record BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid, boolean shuttingDown) {

    public BrokerInfo withShuttingDown() {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, true);
    }
}
