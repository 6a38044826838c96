package io.partita.systemtests.raapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds {@link HealthListener}'s blocking deliveries until {@code POST /stall/release} opens it (for good), or for
 * at most two minutes, so a failed test leaves no bean blocked for ever. Thread-safe.
 */
@Path("stall")
@ApplicationScoped
public class StallGate {

    private final CountDownLatch open = new CountDownLatch(1);

    /** Waits until the gate is open. */
    void pass() throws InterruptedException {
        if (!open.await(2, TimeUnit.MINUTES)) throw new IllegalStateException("The stall gate was never opened");
    }

    @POST
    @Path("release")
    @Produces(MediaType.TEXT_PLAIN)
    public String release() {
        open.countDown();
        return "released";
    }
}
