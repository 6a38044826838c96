package io.partita.web.groups;

import io.partita.web.MetricsHistoryView;
import io.partita.web.NodeConnections;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/groups/{id}/history}: the group's total lag over {@code metrics.history.retention.ms}, as kept by
 * this server's node when it coordinates the group (no series otherwise); see {@link MetricsHistoryView}. A
 * resource of its own, apart from {@link GroupResource}: it asks the node, not its admin client.
 */
@Path("groups/{id}/history")
@RequestScoped
@Tag(name = "consumer groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupHistoryResource {

    @Inject
    NodeConnections connections;

    @GET
    @Operation(summary = "The group's lag over all its partitions, as [epochMs, value] pairs, where this node coordinates it")
    public MetricsHistoryView history(@PathParam("id") String id,
                                      @QueryParam("after") @Parameter(description = MetricsHistoryView.AFTER) String after) {
        return MetricsHistoryView.of(connections, connection -> connection.groupHistory(id, MetricsHistoryView.after(after)));
    }
}
