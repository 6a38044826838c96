package io.partita.ra;

import io.partita.ra.api.ValueTypes;
import io.partita.ra.payload.Payloads;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a connection factory's typed sends into the byte records its producers send: keys and values through the
 * factory's {@code keySerializer} and {@code valueSerializer}, or the default forms (JSON-B for objects), and the
 * value's type name in the {@link ValueTypes#HEADER} header, which routes it among a routed bean's methods.
 *
 * <p>One per factory, built on the first typed send with the sending application's class loader; closed (with its
 * serializers) when the adapter stops. Thread-safe as long as the configured serializers are, as Kafka requires of
 * a producer's.
 */
final class RecordSerializers implements AutoCloseable {

    private final Serializer<Object> keys;
    private final Serializer<Object> values;

    private RecordSerializers(Serializer<Object> keys, Serializer<Object> values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * @param keyClass   a {@code Serializer} class name, or null for the default forms; likewise {@code valueClass}
     * @param loader     the application's class loader, which the class names are resolved through
     * @param configs    the factory's producer configs, which configure the serializers
     * @throws InvalidPropertyException when a serializer class cannot be had
     */
    static RecordSerializers create(String keyClass, String valueClass, ClassLoader loader, Map<String, ?> configs)
            throws InvalidPropertyException {
        Serializer<Object> keys = Payloads.serializer("keySerializer", keyClass, loader, configs, true);
        try {
            return new RecordSerializers(keys, Payloads.serializer("valueSerializer", valueClass, loader, configs, false));
        } catch (InvalidPropertyException | RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** @throws ResourceException when the key or value cannot be serialized; the cause is the serializer's exception */
    ProducerRecord<byte[], byte[]> record(String topic, Object key, Object value) throws ResourceException {
        Headers headers = new RecordHeaders();
        if (value != null) headers.add(ValueTypes.HEADER, ValueTypes.nameOf(value.getClass()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, serialize(keys, topic, headers, key, "key"),
                serialize(values, topic, headers, value, "value"), headers);
    }

    @Override
    public void close() {
        Utils.closeQuietly(keys, "key serializer");
        Utils.closeQuietly(values, "value serializer");
    }

    private static byte[] serialize(Serializer<Object> serializer, String topic, Headers headers, Object data,
                                    String part) throws ResourceException {
        try {
            return serializer.serialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw new ResourceException("The " + part + " for " + topic + " ("
                    + (data == null ? "null" : "a " + data.getClass().getName()) + ") cannot be serialized: " + e, e);
        }
    }
}
