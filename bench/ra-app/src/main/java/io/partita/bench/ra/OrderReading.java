package io.partita.bench.ra;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The work the byte[] listener and the plain consumer loop do per record, the same the adapter does for a
 * {@code TypedRecordListener<String, Order>}: the key as UTF-8 text, the value through JSON-B from a stream over
 * its bytes (as the adapter's JSON-B deserializer reads it). Thread-safe: one {@link Jsonb}, which is.
 */
final class OrderReading {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private OrderReading() {
    }

    /** Reads one record and counts it on the clock of {@code variant}. */
    static void read(ConsumeClock.Variant variant, byte[] key, byte[] value) {
        String id = key == null ? null : new String(key, StandardCharsets.UTF_8);
        Order order = JSONB.fromJson(new ByteArrayInputStream(value), Order.class);
        ConsumeClock.INSTANCE.record(variant, id, order);
    }
}
