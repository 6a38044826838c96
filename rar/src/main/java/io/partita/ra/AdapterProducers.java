package io.partita.ra;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/**
 * Builds the adapter's {@code KafkaProducer<byte[], byte[]>}s: with serializer instances and the adapter's class
 * loader as context loader, because kafka-clients resolves configured class names (partitioner, interceptors)
 * through the context loader, which on an application thread is the application's. Stateless.
 */
public final class AdapterProducers {

    private AdapterProducers() {
    }

    /**
     * @param config producer configs by Kafka's names, {@code bootstrap.servers} included
     * @throws ResourceException naming the configs and Kafka's reason when the producer cannot be built
     */
    public static Producer<byte[], byte[]> create(Map<String, Object> config) throws ResourceException {
        try {
            return AdapterClassLoader.call(
                    () -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
        } catch (RuntimeException e) {
            // Kafka's own message is just "Failed to construct kafka producer": name the reason too.
            Throwable reason = e.getCause() == null ? e : e.getCause();
            throw new ResourceException("Cannot create a Kafka producer with "
                    + ClientCredentials.masked(config) + ": " + e.getMessage()
                    + (reason == e ? "" : ": " + reason.getMessage()), e);
        }
    }
}
