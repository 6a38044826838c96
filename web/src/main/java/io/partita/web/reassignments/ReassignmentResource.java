package io.partita.web.reassignments;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
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
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/topics/{topic}/reassignments}: moving a topic's partitions to other nodes (Kafka's
 * AlterPartitionReassignments and ListPartitionReassignments, as {@code kafka-reassign-partitions.sh} uses them),
 * with the progress of each added replica: its log size against the leader's (DescribeLogDirs) and whether it has
 * joined the ISR. The controller checks the targets (unknown nodes and duplicates answer Kafka's
 * INVALID_REPLICA_ASSIGNMENT); this class checks only what it must to build the request (an empty target, which
 * kafka-clients will not send, gets that same error here).
 */
@Path("topics/{topic}/reassignments")
@RequestScoped
@Tag(name = "topics")
@Produces(MediaType.APPLICATION_JSON)
public class ReassignmentResource {

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "Each partition's replicas, ISR and leader, and the running reassignments' progress")
    public TopicReassignments list(@PathParam("topic") String topic) {
        Admin admin = clients.admin();
        TopicDescription description = TopicDescriptions.one(admin, topic);
        Set<TopicPartition> partitions = description.partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).collect(Collectors.toSet());
        Map<TopicPartition, PartitionReassignment> running =
                Futures.get(admin.listPartitionReassignments(partitions).reassignments());
        return ReassignmentProgress.of(admin, List.of(description), running).get(0);
    }

    /** Starts (or replaces) reassignments; the body maps partition numbers to their target replicas. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move partitions to other nodes: {\"0\": [1, 2]} gives partition 0 the replicas 1 and 2, "
            + "1 the preferred leader (admin)")
    public Response start(@PathParam("topic") String topic, Map<String, List<Integer>> targets) {
        if (targets == null || targets.isEmpty()) {
            throw ApiProblem.badRequest("Give each partition's target replicas, e.g. {\"0\": [1, 2]}");
        }
        Admin admin = clients.admin();
        int count = TopicDescriptions.one(admin, topic).partitions().size();
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
        targets.forEach((key, replicas) -> {
            int partition = partitionNumber(key, count, topic);
            if (replicas == null || replicas.contains(null)) {
                throw ApiProblem.badRequest("Partition " + partition + " needs a list of broker ids (DELETE "
                        + "reassignments/" + partition + " cancels a running reassignment)");
            }
            if (replicas.isEmpty()) {
                // kafka-clients refuses to send an empty target; answer what the controller answers for one.
                throw new InvalidReplicaAssignmentException("The target replica list of partition " + partition + " is empty.");
            }
            if (moves.put(new TopicPartition(topic, partition), Optional.of(new NewPartitionReassignment(replicas))) != null) {
                throw ApiProblem.badRequest("Partition " + partition + " is given twice");
            }
        });
        Futures.get(admin.alterPartitionReassignments(moves).all());
        return Response.accepted(list(topic)).build();
    }

    @DELETE
    @Path("{partition}")
    @Operation(summary = "Cancel a partition's running reassignment: back to the replicas it had before (admin)")
    public Response cancel(@PathParam("topic") String topic, @PathParam("partition") int partition) {
        Admin admin = clients.admin();
        if (partition < 0 || partition >= TopicDescriptions.one(admin, topic).partitions().size()) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic + "' has no partition " + partition);
        }
        Futures.get(admin.alterPartitionReassignments(
                Map.of(new TopicPartition(topic, partition), Optional.empty())).all());
        return Response.accepted(list(topic)).build();
    }

    private static int partitionNumber(String key, int count, String topic) {
        try {
            int partition = Integer.parseInt(key.strip());
            if (partition >= 0 && partition < count) return partition;
        } catch (NumberFormatException notANumber) {
            // answered below, as for a number out of range
        }
        throw ApiProblem.badRequest("Topic " + topic + " has no partition '" + key + "' (it has " + count + ")");
    }
}
