package io.partita.examples.orders;

/**
 * An order as {@code POST /orders/} takes it and the orders topic carries it: a JSON-B document such as
 * {@code {"item":"book","quantity":2}}, keyed by the order id.
 */
public record Order(String item, int quantity) {
}
