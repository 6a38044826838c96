package io.partita.examples.orders;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /orders/} (the context root; Payara redirects {@code /orders} there) puts the {@link Order} in the request
 * body on the orders topic with a typed send, keyed by a new order id (or {@code ?id=}), and answers where it landed;
 * {@code GET /orders/received} lists what {@link OrderListener} has accepted. Orders are checked by the listener, not
 * here, as any producer may write to the topic.
 */
@Path("")
@RequestScoped
public class OrdersResource {

    @Resource(lookup = Orders.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Inject
    private ReceivedOrders received;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response place(Order order, @QueryParam("id") String id) {
        if (order == null) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN)
                    .entity("The request has no order").build();
        }
        String orderId = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        try (PartitaConnection connection = partita.getConnection()) {
            RecordMetadata placed = connection.send(Orders.TOPIC, orderId, order).get(60, TimeUnit.SECONDS);
            JsonObject answer = Json.createObjectBuilder()
                    .add("id", orderId)
                    .add("topic", placed.topic())
                    .add("partition", placed.partition())
                    .add("offset", placed.offset())
                    .build();
            return Response.accepted(answer).build();
        } catch (ExecutionException e) {
            return unavailable("The order was not stored: " + e.getCause());
        } catch (ResourceException | TimeoutException e) {
            return unavailable("The order was not stored: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("Interrupted");
        }
    }

    @GET
    @Path("received")
    @Produces(MediaType.APPLICATION_JSON)
    public ReceivedOrders.Received received() {
        return received.all();
    }

    private static Response unavailable(String message) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_PLAIN).entity(message).build();
    }
}
