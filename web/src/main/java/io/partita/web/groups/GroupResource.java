package io.partita.web.groups;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
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

    @Inject
    GroupSummaries summaries;

    @Inject
    OffsetResets resets;

    @GET
    @Operation(summary = "All groups the node coordinates, with their members, total lag and topics (each with the "
            + "group's lag on it)")
    public List<GroupSummary> list() {
        return summaries.list();
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
    @Operation(summary = "Move the group's committed offsets as kafka-consumer-groups.sh --reset-offsets does (admin; "
            + "409 while the group has active members): per partition the current, requested and new offset (clamped "
            + "to [log start, log end]) and the lag before and after; with ?dryRun=true nothing changes")
    public OffsetResetPreview resetOffsets(@PathParam("id") String id, @QueryParam("dryRun") boolean dryRun,
                                           OffsetResetRequest request) {
        return resets.reset(id, request, dryRun);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a group with no active members (admin)")
    public Response delete(@PathParam("id") String id) {
        Futures.get(clients.admin().deleteConsumerGroups(List.of(id)).all());
        return Response.noContent().build();
    }
}
