package io.partita.web;

import io.partita.ra.api.MetricsSeries;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code GET /api/topics/{name}/history}: a topic's traffic per second on this server's node (the partitions it
 * leads, the consumers it served); {@code GET /api/groups/{id}/history}: a group's total lag, kept by the node when
 * it coordinates the group. Both over {@code metrics.history.retention.ms}, see {@link MetricsHistoryView}; a topic
 * or group the node kept nothing of has no series. A resource apart from the topics' and groups' (its path, longer,
 * is matched first): it asks the node, not its admin client.
 */
@Path("{kind: topics|groups}/{name}/history")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    NodeConnections connections;

    @GET
    @Operation(summary = "A topic's bytesIn, recordsIn and bytesOut per second on this node, or a group's lag where "
            + "this node coordinates it, as [epochMs, value] pairs")
    public MetricsHistoryView history(@PathParam("kind") String kind, @PathParam("name") String name,
                                      @QueryParam("after") @Parameter(description = MetricsHistoryView.AFTER) String after) {
        long afterMs = MetricsHistoryView.after(after);
        NodeConnections.Question<MetricsSeries> question = kind.equals("topics")
                ? connection -> connection.topicHistory(name, afterMs)
                : connection -> connection.groupHistory(name, afterMs);
        return MetricsHistoryView.of(connections, question);
    }
}
