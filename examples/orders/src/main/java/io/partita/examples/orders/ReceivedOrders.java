package io.partita.examples.orders;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The orders the listener has received, in arrival order (in memory: gone on redeploy). Thread-safe. */
@ApplicationScoped
public class ReceivedOrders {

    /** One received order and where it was read. */
    public record Order(String id, String body, int partition, long offset) {
    }

    private final List<Order> orders = new CopyOnWriteArrayList<>();

    void add(Order order) {
        orders.add(order);
    }

    List<Order> all() {
        return List.copyOf(orders);
    }
}
