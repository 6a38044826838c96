package io.partita.web.topics;

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
 * {@code GET /api/topics/{name}/history}: the topic's traffic per second on this server's node (the partitions it
 * leads, the consumers it served) over {@code metrics.history.retention.ms}; see {@link MetricsHistoryView}. A topic
 * the node kept nothing of, or that does not exist, has no series. A resource of its own, apart from
 * {@link TopicResource}: it asks the node, not its admin client.
 */
@Path("topics/{name}/history")
@RequestScoped
@Tag(name = "topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicHistoryResource {

    @Inject
    NodeConnections connections;

    @GET
    @Operation(summary = "The topic's bytesIn, recordsIn and bytesOut per second on this node, as [epochMs, value] pairs")
    public MetricsHistoryView history(@PathParam("name") String name,
                                      @QueryParam("after") @Parameter(description = MetricsHistoryView.AFTER) String after) {
        return MetricsHistoryView.of(connections, connection -> connection.topicHistory(name, MetricsHistoryView.after(after)));
    }
}
