package io.partita.systemtests.shareapp;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.stream.Collectors;

/**
 * {@code GET /calls}: one line {@code value=count,count,...} per record value, the delivery counts of its calls;
 * {@code GET /most-running}: the most calls that ran at once.
 */
@Path("")
@RequestScoped
public class PoolResource {

    @Inject
    private PoolCalls calls;

    @GET
    @Path("calls")
    @Produces(MediaType.TEXT_PLAIN)
    public String calls() {
        return calls.deliveryCounts().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining("\n"));
    }

    @GET
    @Path("most-running")
    @Produces(MediaType.TEXT_PLAIN)
    public String mostRunning() {
        return Integer.toString(calls.mostRunning());
    }
}
