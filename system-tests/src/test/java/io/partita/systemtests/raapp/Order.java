package io.partita.systemtests.raapp;

/** What {@link TypedOrderListener} receives and {@code POST /orders} sends, as JSON-B documents. */
public record Order(String id, String item, int quantity) {
}
