package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /routing/send?count=}: typed sends for {@link RoutingListener}, keyed by order id: {@code count}
 * {@link Order}s to its orders topic, and to its events topic an {@link OrderCreated} per order, an
 * {@link OrderCancelled} per even order and one {@link Refund} (key {@code refund-0}); answers
 * {@code acknowledged=N failed=M}.
 */
@Path("routing")
@RequestScoped
public class RoutingResource {

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @POST
    @Path("send")
    @Produces(MediaType.TEXT_PLAIN)
    public String send(@QueryParam("count") int count) throws ResourceException, InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (PartitaConnection connection = partita.getConnection()) {
            for (int i = 0; i < count; i++) {
                String id = "order-" + i;
                sent.add(connection.send(RoutingListener.ORDERS, id, new Order(id, "item-" + i, i)));
                sent.add(connection.send(RoutingListener.EVENTS, id, new OrderCreated(id)));
                if (i % 2 == 0) sent.add(connection.send(RoutingListener.EVENTS, id, new OrderCancelled(id, "changed mind")));
            }
            sent.add(connection.send(RoutingListener.EVENTS, "refund-0", new Refund("order-0", 5)));
            connection.flush();
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(60, TimeUnit.SECONDS);
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                // counted as failed
            }
        }
        return "acknowledged=" + acknowledged + " failed=" + (sent.size() - acknowledged);
    }
}
