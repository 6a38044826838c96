package io.partita.systemtests.raapp;

/** An event no method of {@link RoutingListener} takes. */
public record Refund(String orderId, int amount) {
}
