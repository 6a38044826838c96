package io.partita.web.cluster;

import java.util.List;

/**
 * {@code GET /api/cluster}. Immutable.
 *
 * @param clusterId       the cluster's id
 * @param controllerId    the node acting as controller, -1 when none is known
 * @param topics          how many topics the cluster has (internal ones included)
 * @param partitions      how many partitions all of them have
 * @param underReplicated how many of them have fewer in-sync replicas than replicas
 * @param maxPartitionsPerRequest the most partitions one request may create ({@code max.partitions.per.request}, the
 *                        smallest of the nodes'); null when no node said
 * @param nodes           the live nodes, by id
 */
public record ClusterView(String clusterId, int controllerId, int topics, int partitions, int underReplicated,
                          Integer maxPartitionsPerRequest, List<NodeLoad> nodes) {

    /**
     * One node and its share of the partitions.
     *
     * @param id          {@code node.id}
     * @param host        the host its Kafka listener advertises
     * @param port        that listener's port
     * @param rack        its rack, null when none
     * @param controller  whether it is the controller
     * @param replicas    how many partition replicas it holds
     * @param leaders     how many partitions it leads
     * @param maxPartitions the most partition replicas it may hold ({@code max.broker.partitions}); null when it
     *                    did not say
     */
    public record NodeLoad(int id, String host, int port, String rack, boolean controller, int replicas, int leaders,
                           Integer maxPartitions) {
    }
}
