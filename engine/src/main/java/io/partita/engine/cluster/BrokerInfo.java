package io.partita.engine.cluster;

/**
 * A broker as the cluster knows it: its id, where clients reach its Kafka listener, its rack, the Hazelcast member
 * it runs in and that member's address (the member's leaving tells at once that the broker died; the address names
 * its seat in the metadata quorum), whether it asked for a controlled shutdown (then it leads no
 * partition another in-sync replica can lead, and gets no new replicas), whether the controller fenced it
 * because its lease expired (then it counts as dead until its heartbeats reach the metadata store again), and the
 * most partition replicas it holds ({@code max.broker.partitions}, its own setting, which every node placing
 * replicas on it respects).
 */
public record BrokerInfo(int nodeId, String host, int port, String rack, String memberUuid, String memberAddress,
                         boolean shuttingDown, boolean fenced, int maxPartitions) {

    public BrokerInfo withShuttingDown() {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, memberAddress, true, fenced, maxPartitions);
    }

    /** This registration fenced (its lease expired: it may lead nothing) or unfenced, as the controller decides. */
    public BrokerInfo withFenced(boolean fenced) {
        return new BrokerInfo(nodeId, host, port, rack, memberUuid, memberAddress, shuttingDown, fenced, maxPartitions);
    }
}
