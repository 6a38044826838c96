package io.partita.web.topics;

import io.partita.web.configs.ConfigView;
import io.partita.web.configs.Configs;
import io.partita.web.kafka.Futures;
import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import io.partita.web.kafka.PartitionSizes;
import io.partita.web.kafka.TopicDescriptions;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;

/**
 * {@code /api/topics}: list, create, describe, delete, add partitions, read and change configs, the consumer groups
 * on a topic with their lag. Everything goes through the node's admin client, so validation and error codes are the
 * node's own (Kafka's): a topic beyond the partition limits is its POLICY_VIOLATION naming the limit.
 */
@Path("topics")
@RequestScoped
@Tag(name = "topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicResource {

    @Inject
    NodeClients clients;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "All topics, internal ones included, by name: partitions, replication factor, records, "
            + "size on disk (leaders' logs), under-replicated partitions")
    public List<TopicSummary> list() {
        return TopicSummaries.all(clients.admin());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a topic (admin)")
    public Response create(NewTopicRequest request) {
        if (request == null || request.name == null) throw ApiProblem.badRequest("The topic needs a name");
        NewTopic topic = new NewTopic(request.name, Optional.ofNullable(request.partitions),
                Optional.ofNullable(request.replicationFactor));
        if (request.configs != null) topic.configs(request.configs);
        Futures.get(clients.admin().createTopics(List.of(topic)).all());
        return Response.created(uri.getAbsolutePathBuilder().path(request.name).build())
                .entity(describe(request.name)).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A topic's partitions: leader, replicas, ISR, log start and end offsets, size on disk")
    public TopicDetail describe(@PathParam("name") String name) {
        Admin admin = clients.admin();
        TopicDescription topic = TopicDescriptions.one(admin, name);
        List<TopicPartition> partitions = topic.partitions().stream()
                .map(partition -> new TopicPartition(name, partition.partition())).toList();
        Map<TopicPartition, Long> start = PartitionOffsets.of(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Integer> leaders = topic.partitions().stream()
                .filter(partition -> partition.leader() != null && !partition.leader().isEmpty())
                .collect(Collectors.toMap(partition -> new TopicPartition(name, partition.partition()),
                        partition -> partition.leader().id()));
        Map<TopicPartition, Long> sizes = PartitionSizes.ofLeaders(admin, leaders);
        List<TopicDetail.PartitionView> views = topic.partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
                .map(partition -> {
                    TopicPartition key = new TopicPartition(name, partition.partition());
                    return new TopicDetail.PartitionView(partition.partition(),
                            partition.leader() == null ? -1 : partition.leader().id(),
                            ids(partition.replicas()), ids(partition.isr()),
                            start.getOrDefault(key, -1L), end.getOrDefault(key, -1L), sizes.get(key));
                })
                .toList();
        return new TopicDetail(topic.name(), String.valueOf(topic.topicId()), topic.isInternal(), views);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a topic (admin)")
    public Response delete(@PathParam("name") String name) {
        Futures.get(clients.admin().deleteTopics(List.of(name)).all());
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/partitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grow a topic to a larger partition count (admin)")
    public TopicDetail addPartitions(@PathParam("name") String name, PartitionCountRequest request) {
        if (request == null || request.count == null) throw ApiProblem.badRequest("Give the new partition count as 'count'");
        Futures.get(clients.admin().createPartitions(Map.of(name, NewPartitions.increaseTo(request.count))).all());
        return describe(name);
    }

    @GET
    @Path("{name}/configs")
    @Operation(summary = "A topic's configs, each with its source")
    public List<ConfigView> configs(@PathParam("name") String name) {
        return Configs.describe(clients.admin(), new ConfigResource(ConfigResource.Type.TOPIC, name));
    }

    /** Sets the configs given; a config given as null goes back to its default. */
    @PUT
    @Path("{name}/configs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set topic configs; null resets one to its default (admin)")
    public List<ConfigView> alterConfigs(@PathParam("name") String name, Map<String, String> changes) {
        Configs.alter(clients.admin(), new ConfigResource(ConfigResource.Type.TOPIC, name), changes);
        return configs(name);
    }

    @GET
    @Path("{name}/groups")
    @Operation(summary = "The consumer groups with offsets committed on a topic, each with its lag on it")
    public List<TopicGroupLag> groups(@PathParam("name") String name) {
        Admin admin = clients.admin();
        TopicDescriptions.one(admin, name);
        List<TopicGroupLag> groups = new ArrayList<>();
        GroupLags.all(admin).forEach((group, lags) -> {
            List<Long> onTopic = lags.entrySet().stream().filter(lag -> lag.getKey().topic().equals(name))
                    .map(Map.Entry::getValue).toList();
            if (!onTopic.isEmpty()) {
                groups.add(new TopicGroupLag(group, onTopic.size(), onTopic.stream().mapToLong(Long::longValue).sum()));
            }
        });
        return groups;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
