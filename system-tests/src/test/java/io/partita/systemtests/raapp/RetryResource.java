package io.partita.systemtests.raapp;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /retry/deliveries}: {@link RetryDeliveries}' lines, oldest first. */
@Path("retry")
@RequestScoped
public class RetryResource {

    @Inject
    private RetryDeliveries deliveries;

    @GET
    @Path("deliveries")
    @Produces(MediaType.TEXT_PLAIN)
    public String deliveries() {
        return String.join("\n", deliveries.lines());
    }
}
