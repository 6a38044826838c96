package io.partita.web.activations;

import io.partita.ra.host.ActivationStatus;
import io.partita.web.NodeConnections;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code GET /api/activations}: the message-driven beans activated on this node, their readiness and counts. */
@Path("activations")
@RequestScoped
@Tag(name = "activations")
@Produces(MediaType.APPLICATION_JSON)
public class ActivationResource {

    @Inject
    NodeConnections connections;

    @GET
    @Operation(summary = "The message-driven beans activated on this node, by activation name: readiness (with the "
            + "reason when not ready), records delivered, failed, retried and dead-lettered, listener calls and "
            + "their time in nanoseconds, lag")
    public List<ActivationStatus> list() {
        return connections.activations();
    }
}
