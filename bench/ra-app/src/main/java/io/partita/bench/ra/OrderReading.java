package io.partita.bench.ra;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The work the byte[] listeners and the plain consumer loop do per record, the same the adapter does for a
 * {@code TypedRecordListener<String, Order>}: the key as UTF-8 text, the value through JSON-B from a stream over
 * its bytes, with a {@link Jsonb} of the reading thread's own (as the adapter's JSON-B deserializer reads it, one per
 * consumer). Thread-safe.
 */
final class OrderReading {

    private static final ThreadLocal<Jsonb> JSONB = ThreadLocal.withInitial(JsonbBuilder::create);

    private OrderReading() {
    }

    /** Reads one record and counts it on the clock of {@code variant}. */
    static void read(ConsumeClock.Variant variant, byte[] key, byte[] value) {
        String id = key == null ? null : new String(key, StandardCharsets.UTF_8);
        Order order = JSONB.get().fromJson(new ByteArrayInputStream(value), Order.class);
        ConsumeClock.INSTANCE.record(variant, id, order);
    }
}
