package io.partita.systemtests.raapp;

/** An event {@link RoutingListener} takes on its {@code created} method; its type name is its simple name. */
public record OrderCreated(String orderId) {
}
