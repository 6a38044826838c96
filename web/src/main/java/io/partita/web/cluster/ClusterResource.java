package io.partita.web.cluster;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.ReplicaCounts;
import io.partita.web.kafka.TopicDescriptions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/cluster}: the nodes, the controller, how partitions spread over the nodes and how many partitions
 * a request may create and a node may hold.
 */
@Path("cluster")
@RequestScoped
@Tag(name = "cluster")
public class ClusterResource {

    @Inject
    NodeClients clients;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The cluster: nodes, controller, per-node replica and leader counts and partition limits, "
            + "under-replicated partitions, the partitions a request may create")
    public ClusterView cluster() {
        Admin admin = clients.admin();
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = Futures.get(cluster.nodes());
        Node controller = Futures.get(cluster.controller());
        Collection<TopicDescription> topics = TopicDescriptions.all(admin).values();

        ReplicaCounts counts = new ReplicaCounts(topics);
        NodePartitionLimits limits = NodePartitionLimits.of(admin, nodes);
        int controllerId = controller == null || controller.isEmpty() ? -1 : controller.id();
        List<ClusterView.NodeLoad> loads = nodes.stream()
                .sorted(Comparator.comparingInt(Node::id))
                .map(node -> new ClusterView.NodeLoad(node.id(), node.host(), node.port(), node.rack(),
                        node.id() == controllerId, counts.replicas(node.id()), counts.leaders(node.id()),
                        limits.perBroker().get(node.id())))
                .toList();
        return new ClusterView(Futures.get(cluster.clusterId()), controllerId, topics.size(), counts.partitions(),
                counts.underReplicated(), limits.perRequest(), loads);
    }
}
