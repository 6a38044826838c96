package io.partita.engine.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one place that turns cluster metadata into the JSON text kept in Hazelcast and in each node's local
 * snapshot. Hazelcast only ever holds these strings: our classes cannot be deserialized by Payara's Hazelcast
 * threads, and comparing JSON text makes {@code IMap.replace(key, old, new)} a compare-and-set.
 *
 * <p>Output is deterministic (sorted map keys), so equal values give equal text. Thread-safe.
 */
final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("kafka-uuid")
                    .addSerializer(Uuid.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Uuid value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Uuid.class, new JsonDeserializer<>() {
                        @Override
                        public Uuid deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            return Uuid.fromString(p.getValueAsString());
                        }
                    }));

    private MetadataJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write metadata " + value, e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt metadata value: " + json, e);
        }
    }

    static Map<String, String> readStringMap(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
