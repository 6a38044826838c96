package io.partita.systemtests.raapp;

import io.partita.ra.api.TypeAlias;

/** An event {@link RoutingListener} takes on its {@code cancelled} method, by its alias. */
@TypeAlias("order-cancelled")
public record OrderCancelled(String orderId, String reason) {
}
