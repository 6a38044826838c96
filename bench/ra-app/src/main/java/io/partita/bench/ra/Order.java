package io.partita.bench.ra;

/** The benchmark's record value, a JSON-B document of about 100 bytes (see {@link OrderFill}). */
public record Order(String id, String customer, String item, int quantity, double price) {
}
