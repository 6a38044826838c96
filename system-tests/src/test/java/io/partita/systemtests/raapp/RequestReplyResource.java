package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.api.ReplyTimeoutException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /replies/orders?topic=&id=&timeoutMs=}: asks for the confirmation of order {@code id} (a book, 2 of
 * them) with a typed request through the connection factory; answers {@code reply=<the Order replied> ms=<time taken>},
 * or {@code timeout=<the exception's message> ms=<time taken>} when no reply came in time.
 */
@Path("replies")
@RequestScoped
public class RequestReplyResource {

    /** Nobody answers requests to this topic. */
    public static final String UNANSWERED_TOPIC = "ra.requests.unanswered";

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @POST
    @Path("orders")
    @Produces(MediaType.TEXT_PLAIN)
    public String requestConfirmation(@QueryParam("topic") String topic, @QueryParam("id") String id,
                                      @QueryParam("timeoutMs") long timeoutMs) throws ResourceException {
        long start = System.nanoTime();
        String outcome;
        try (PartitaConnection connection = partita.getConnection()) {
            outcome = "reply=" + connection.request(topic, id, new Order(id, "book", 2), Order.class,
                    Duration.ofMillis(timeoutMs));
        } catch (ReplyTimeoutException e) {
            outcome = "timeout=" + e.getMessage();
        }
        return outcome + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
