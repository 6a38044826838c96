package io.partita.ra.payload;

import jakarta.json.bind.Jsonb;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Type;

/**
 * Reads keys or values as JSON-B documents of one type (generic types included, e.g. {@code List<Order>}); null
 * bytes read as null. A document that is not one of that type fails with JSON-B's {@code JsonbException}.
 *
 * <p>Owns its {@link Jsonb} (built by {@link Payloads}), which {@link #close()} closes. Thread-safe, as Jsonb is.
 */
final class JsonbDeserializer implements Deserializer<Object> {

    private final Jsonb jsonb;
    private final Type type;

    JsonbDeserializer(Jsonb jsonb, Type type) {
        this.jsonb = jsonb;
        this.type = type;
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return data == null ? null : jsonb.fromJson(new ByteArrayInputStream(data), type);
    }

    @Override
    public void close() {
        Payloads.close(jsonb);
    }
}
