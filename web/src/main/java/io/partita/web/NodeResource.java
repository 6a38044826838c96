package io.partita.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code GET /api/node}: the node of this server (no login: the launcher polls it); {@code GET /api/node/traffic}:
 * what it served; {@code GET /api/node/history}: its traffic per second over the last hour (see
 * {@link MetricsHistoryView}). 503 when the node is not running.
 */
@Path("node")
@RequestScoped
public class NodeResource {

    @Inject
    NodeConnections connections;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public NodeView node() {
        try {
            return NodeView.of(connections.nodeInfo());
        } catch (ResourceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    @GET
    @Path("traffic")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What this server's node served since it started: records and bytes in, bytes out, "
            + "requests per Kafka API, under-replicated partitions it leads")
    public NodeTrafficView traffic() {
        try {
            return NodeTrafficView.of(connections.nodeInfo().nodeId(), connections.nodeStats());
        } catch (ResourceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This server's node's traffic per second over metrics.history.retention.ms: bytesIn, "
            + "recordsIn, bytesOut, replicationBytesOut, as [epochMs, value] pairs")
    public MetricsHistoryView history(@QueryParam("after") @Parameter(description = MetricsHistoryView.AFTER) String after) {
        return MetricsHistoryView.of(connections, connection -> connection.nodeHistory(MetricsHistoryView.after(after)));
    }
}
