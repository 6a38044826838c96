package io.partita.ra;

import io.partita.ra.payload.Payloads;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the replies to a connection factory's typed requests as the type each requester asks for, in the forms a
 * {@code TypedRecordListener} reads by default and a typed {@code reply} writes by default: {@code byte[]} as it is,
 * {@code String} as UTF-8 text, any other type as its JSON-B document; a reply without a value reads as null.
 *
 * <p>One deserializer per type, made at its first reply (JSON-B through the class loader of the application that
 * made the factory's first typed request) and kept until {@link #close()}, when the adapter stops. Thread-safe.
 */
final class ReplyReaders implements AutoCloseable {

    private final ClassLoader loader;
    private final Map<Class<?>, Deserializer<?>> readers = new ConcurrentHashMap<>();

    ReplyReaders(ClassLoader loader) {
        this.loader = loader;
    }

    /** @throws ResourceException when the reply's value is no {@code type} in its default form */
    <R> R read(ConsumerRecord<byte[], byte[]> reply, Class<R> type) throws ResourceException {
        try {
            Deserializer<?> reader = readers.computeIfAbsent(type, t -> Payloads.defaultDeserializer(t, loader));
            return type.cast(reader.deserialize(reply.topic(), reply.headers(), reply.value()));
        } catch (RuntimeException e) {
            throw new ResourceException("The reply at " + reply.topic() + "-" + reply.partition() + "@" + reply.offset()
                    + " cannot be read as a " + type.getName() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        readers.values().forEach(reader -> Utils.closeQuietly(reader, "reply deserializer"));
    }
}
