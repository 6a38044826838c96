package io.partita.systemtests.raapp;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /key-ordered/overlap}: the most calls {@link KeyOrderedListener} had running at once;
 * {@code GET /key-ordered/incarnation}: the incarnation its output records of this JVM carry.
 */
@Path("key-ordered")
@RequestScoped
public class KeyOrderedResource {

    @GET
    @Path("overlap")
    @Produces(MediaType.TEXT_PLAIN)
    public String overlap() {
        return String.valueOf(KeyOrderedListener.MOST_IN_CALL.get());
    }

    @GET
    @Path("incarnation")
    @Produces(MediaType.TEXT_PLAIN)
    public String incarnation() {
        return KeyOrderedListener.INCARNATION;
    }
}
