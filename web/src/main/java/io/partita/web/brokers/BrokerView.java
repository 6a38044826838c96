package io.partita.web.brokers;

/**
 * One broker in {@code GET /api/brokers}. Immutable.
 *
 * @param id                      {@code node.id}
 * @param host                    the host its Kafka listener advertises; null when it is offline
 * @param port                    that listener's port; -1 when it is offline
 * @param rack                    its rack, null when none (or offline)
 * @param controller              whether it is the controller
 * @param alive                   whether it is in the cluster now; an offline broker is listed while it still holds
 *                                replicas
 * @param replicas                how many partition replicas it holds
 * @param leaders                 how many partitions it leads
 * @param underReplicatedLeaders  how many of those have fewer in-sync replicas than replicas
 * @param logDirBytes             bytes of all replicas in its log directories (DescribeLogDirs); null when it did not
 *                                answer
 */
public record BrokerView(int id, String host, int port, String rack, boolean controller, boolean alive, int replicas,
                         int leaders, int underReplicatedLeaders, Long logDirBytes) {
}
