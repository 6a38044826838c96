package io.partita.web.groups;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import io.partita.web.kafka.TopicDescriptions;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code /api/groups}: list, describe (a consumer group with lag, a share group with its records in flight), reset
 * committed offsets, delete.
 */
@Path("groups")
@RequestScoped
@Tag(name = "consumer groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    @Inject
    NodeClients clients;

    @Inject
    ShareGroupDetails shareGroups;

    @GET
    @Operation(summary = "All groups the node coordinates")
    public List<GroupSummary> list() {
        return Futures.get(clients.admin().listGroups().all()).stream()
                .map(group -> new GroupSummary(group.groupId(),
                        group.type().map(Enum::name).orElse(null), group.protocol(),
                        group.groupState().map(GroupState::toString).orElse(null)))
                .sorted(Comparator.comparing(GroupSummary::groupId))
                .toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A group: a consumer group's state, members, assignments, committed offsets and lag "
            + "(GroupDetail); a share group's state, epochs, members, assignments and records in flight per partition "
            + "(ShareGroupDetail, with type SHARE)")
    // Object: Payara's OpenAPI reads a oneOf of plain classes as an empty schema, so the summary names both.
    public Object describe(@PathParam("id") String id) {
        try {
            return consumerGroup(id);
        } catch (GroupIdNotFoundException notAConsumerGroup) {
            return shareGroups.describe(id);
        }
    }

    private GroupDetail consumerGroup(String id) {
        Admin admin = clients.admin();
        ConsumerGroupDescription group = Futures.get(admin.describeConsumerGroups(List.of(id)).all()).get(id);
        if (group.groupState() == GroupState.DEAD) throw new GroupIdNotFoundException("Group " + id + " does not exist");
        Map<TopicPartition, OffsetAndMetadata> committed =
                Futures.get(admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata());

        Map<TopicPartition, String> owners = new HashMap<>();
        List<GroupDetail.Member> members = group.members().stream()
                .sorted(Comparator.comparing(MemberDescription::consumerId))
                .map(member -> {
                    member.assignment().topicPartitions().forEach(partition -> owners.put(partition, member.consumerId()));
                    return GroupDetail.Member.of(member.consumerId(), member.clientId(), member.host(),
                            member.assignment().topicPartitions());
                })
                .toList();

        TreeSet<TopicPartition> partitions = new TreeSet<>(GroupDetail.BY_TOPIC_AND_PARTITION);
        partitions.addAll(owners.keySet());
        committed.forEach((partition, offset) -> { if (offset != null) partitions.add(partition); });
        Map<TopicPartition, Long> ends = PartitionOffsets.lastStable(admin, partitions);
        List<GroupDetail.PartitionLag> offsets = partitions.stream()
                .map(partition -> {
                    OffsetAndMetadata commit = committed.get(partition);
                    long end = ends.getOrDefault(partition, -1L);
                    Long offset = commit == null ? null : commit.offset();
                    return new GroupDetail.PartitionLag(partition.topic(), partition.partition(), offset, end,
                            offset == null ? null : GroupLags.lag(offset, end), owners.get(partition));
                })
                .toList();
        long totalLag = offsets.stream().map(GroupDetail.PartitionLag::lag).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sum();
        return new GroupDetail(id, group.groupState().toString(), group.partitionAssignor(),
                group.coordinator() == null ? -1 : group.coordinator().id(), members, offsets, totalLag);
    }

    @POST
    @Path("{id}/offsets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the group's committed offsets of a topic (admin; the group must have no active members)")
    public GroupDetail resetOffsets(@PathParam("id") String id, OffsetResetRequest request) {
        if (request == null || request.topic == null || request.to == null) {
            throw ApiProblem.badRequest("Give 'topic' and 'to' (earliest, latest, offset or timestamp)");
        }
        Admin admin = clients.admin();
        int count = TopicDescriptions.one(admin, request.topic).partitions().size();
        if (request.partition != null && (request.partition < 0 || request.partition >= count)) {
            throw ApiProblem.badRequest("Topic " + request.topic + " has no partition " + request.partition);
        }
        List<TopicPartition> partitions = (request.partition == null ? IntStream.range(0, count)
                : IntStream.of(request.partition)).mapToObj(p -> new TopicPartition(request.topic, p)).toList();
        Map<TopicPartition, OffsetAndMetadata> targets = targets(admin, partitions, request).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())));
        Futures.get(admin.alterConsumerGroupOffsets(id, targets).all());
        return consumerGroup(id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a group with no active members (admin)")
    public Response delete(@PathParam("id") String id) {
        Futures.get(clients.admin().deleteConsumerGroups(List.of(id)).all());
        return Response.noContent().build();
    }

    private static Map<TopicPartition, Long> targets(Admin admin, List<TopicPartition> partitions,
                                                     OffsetResetRequest request) {
        return switch (request.to) {
            case "earliest" -> PartitionOffsets.of(admin, partitions, OffsetSpec.earliest());
            case "latest" -> PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
            case "offset" -> {
                if (request.offset == null || request.offset < 0) throw ApiProblem.badRequest("Give an 'offset' >= 0");
                yield partitions.stream().collect(Collectors.toMap(p -> p, p -> request.offset));
            }
            case "timestamp" -> {
                if (request.timestamp == null) throw ApiProblem.badRequest("Give a 'timestamp' in ms since the epoch");
                Map<TopicPartition, Long> found =
                        PartitionOffsets.of(admin, partitions, OffsetSpec.forTimestamp(request.timestamp));
                Map<TopicPartition, Long> ends = PartitionOffsets.lastStable(admin, partitions);
                // Past the last record there is no offset for the time: the group starts at the end.
                yield partitions.stream().collect(Collectors.toMap(p -> p,
                        p -> found.getOrDefault(p, -1L) < 0 ? ends.get(p) : found.get(p)));
            }
            default -> throw ApiProblem.badRequest("'to' must be earliest, latest, offset or timestamp, was " + request.to);
        };
    }
}
