package io.partita.ra.payload;

import jakarta.json.bind.Jsonb;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Writes what a typed send is given when the connection factory names no serializer: {@code byte[]} as it is, a
 * {@code String} as UTF-8 text and any other object as its JSON-B document; null stays null. These are the forms
 * a {@code TypedRecordListener} reads by default, so its types read what this wrote.
 *
 * <p>Owns its {@link Jsonb}, which {@link #close()} closes. Thread-safe, as Jsonb is.
 */
final class DefaultSerializer implements Serializer<Object> {

    private final Jsonb jsonb;

    DefaultSerializer(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) return null;
        if (data instanceof byte[] bytes) return bytes;
        if (data instanceof String text) return text.getBytes(StandardCharsets.UTF_8);
        return jsonb.toJson(data).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Payloads.close(jsonb);
    }
}
