package io.partita.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/node}: the node of this server. 503 when the node is not running. */
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
}
