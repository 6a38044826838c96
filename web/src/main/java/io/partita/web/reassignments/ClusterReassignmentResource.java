package io.partita.web.reassignments;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.TopicDescriptions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/reassignments}: every running reassignment of the cluster (ListPartitionReassignments of all
 * partitions), by topic, with its progress as {@code /api/topics/{topic}/reassignments} shows it; cancelling one
 * goes through that topic's resource.
 */
@Path("reassignments")
@RequestScoped
@Tag(name = "topics")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterReassignmentResource {

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "The topics with partitions being reassigned, by name, each with every partition's replicas "
            + "and the running reassignments' progress")
    public List<TopicReassignments> list() {
        Admin admin = clients.admin();
        Map<TopicPartition, PartitionReassignment> running = Futures.get(admin.listPartitionReassignments().reassignments());
        Set<String> topics = running.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
        // A topic deleted between the two calls is left out rather than failing the list.
        return ReassignmentProgress.of(admin, TopicDescriptions.existing(admin, topics).values().stream()
                .sorted(Comparator.comparing(TopicDescription::name)).toList(), running);
    }
}
