package io.partita.web.brokers;

import io.partita.engine.config.DynamicBrokerConfigs;
import io.partita.web.configs.ConfigView;
import io.partita.web.configs.Configs;
import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionSizes;
import io.partita.web.kafka.ReplicaCounts;
import io.partita.web.kafka.TopicDescriptions;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /api/brokers}: each broker's share of the partitions and disk use, and a broker's configs (Kafka's BROKER
 * config resource: its static settings, read-only, and the dynamic ones, which IncrementalAlterConfigs changes while it
 * runs). {@code default} names the cluster-wide dynamic defaults ({@code kafka-configs.sh --entity-default}).
 */
@Path("brokers")
@RequestScoped
@Tag(name = "brokers")
@Produces(MediaType.APPLICATION_JSON)
public class BrokerResource {

    /** The path segment naming the cluster-wide defaults, Kafka's broker resource with the empty name. */
    static final String DEFAULTS = "default";

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "The brokers, live and offline: replicas, leaders, under-replicated partitions they lead, "
            + "bytes in their log directories")
    public List<BrokerView> brokers() {
        Admin admin = clients.admin();
        DescribeClusterResult cluster = admin.describeCluster();
        Map<Integer, Node> live = Futures.get(cluster.nodes()).stream()
                .collect(Collectors.toMap(Node::id, Function.identity()));
        Node controller = Futures.get(cluster.controller());
        ReplicaCounts counts = new ReplicaCounts(TopicDescriptions.all(admin).values());
        // Only live brokers are asked for their log directories: asking one that is down waits out the timeout.
        Map<Integer, Long> sizes = PartitionSizes.ofNodes(admin, live.keySet());
        Map<Integer, BrokerView> brokers = new TreeMap<>();
        counts.replicaHolders().forEach(id -> brokers.put(id, view(id, null, false, counts, null)));
        live.forEach((id, node) -> brokers.put(id, view(id, node,
                controller != null && !controller.isEmpty() && controller.id() == id, counts, sizes.get(id))));
        return List.copyOf(brokers.values());
    }

    @GET
    @Path("{broker}/configs")
    @Operation(summary = "A broker's configs (or the cluster-wide defaults, broker 'default'), each with its source")
    public BrokerConfigs configs(@PathParam("broker") String broker) {
        return new BrokerConfigs(Configs.describe(clients.admin(), resource(broker)),
                DynamicBrokerConfigs.names().stream().sorted().toList());
    }

    /** Sets the dynamic configs given; a config given as null goes back to its default. */
    @PUT
    @Path("{broker}/configs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a broker's dynamic configs (or the cluster-wide defaults, broker 'default'); null resets "
            + "one (admin)")
    public BrokerConfigs alterConfigs(@PathParam("broker") String broker, Map<String, String> changes) {
        Configs.alter(clients.admin(), resource(broker), changes);
        return configs(broker);
    }

    private static ConfigResource resource(String broker) {
        if (broker.equals(DEFAULTS)) return new ConfigResource(ConfigResource.Type.BROKER, "");
        try {
            return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(Integer.parseInt(broker)));
        } catch (NumberFormatException notANumber) {
            throw ApiProblem.badRequest("A broker is named by its node id, or '" + DEFAULTS
                    + "' for the cluster-wide defaults, not '" + broker + "'");
        }
    }

    private static BrokerView view(int id, Node node, boolean controller, ReplicaCounts counts, Long size) {
        return new BrokerView(id, node == null ? null : node.host(), node == null ? -1 : node.port(),
                node == null ? null : node.rack(), controller, node != null, counts.replicas(id), counts.leaders(id),
                counts.underReplicatedLeaders(id), size);
    }
}
