package io.partita.engine.cluster;

/**
 * A broker as the cluster knows it: its id, where clients reach its Kafka listener, its rack, the Hazelcast member
 * it runs in (its leaving tells at once that the broker died), whether it asked for a controlled shutdown (then it leads no
 * partition another in-sync replica can lead, and gets no new replicas), and whether the controller fenced it
 * because its lease expired (then it counts as dead until its heartbeats reach the metadata store again).
 */
public record BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid, boolean shuttingDown,
                         boolean fenced) {

    public BrokerInfo withShuttingDown() {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, true, fenced);
    }

    /** This registration fenced (its lease expired: it may lead nothing) or unfenced, as the controller decides. */
    public BrokerInfo withFenced(boolean fenced) {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, shuttingDown, fenced);
    }
}
