package io.partita.examples.orders;

/** Names the application's parts agree on. */
final class Orders {

    static final String CONNECTION_FACTORY = "java:app/orders/partita";
    static final String TOPIC = "orders";
    static final String DEAD_LETTERS = "orders.dlt";
    static final int PARTITIONS = 3;

    private Orders() {
    }
}
