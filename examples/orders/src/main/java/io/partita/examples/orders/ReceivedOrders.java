package io.partita.examples.orders;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The orders the listener has accepted, in arrival order (in memory: gone on redeploy). Thread-safe. */
@ApplicationScoped
public class ReceivedOrders {

    /** One accepted order and where it was read (its topic is a retry topic when it succeeded on a retry). */
    public record ReceivedOrder(String id, Order order, String topic, int partition, long offset) {
    }

    /** What {@code GET /orders/received} answers. */
    public record Received(List<ReceivedOrder> orders) {
    }

    private final List<ReceivedOrder> orders = new CopyOnWriteArrayList<>();

    void add(ReceivedOrder order) {
        orders.add(order);
    }

    Received all() {
        return new Received(List.copyOf(orders));
    }
}
