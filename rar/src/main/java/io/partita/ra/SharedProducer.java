package io.partita.ra;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@code KafkaProducer<byte[], byte[]>} shared by every user of a connection factory (or by the dead-letter
 * publishing of the activations with one identity), created on first use against the node's Kafka listener and
 * closed by {@link #close()}.
 *
 * <p>Built by {@link AdapterProducers}. Once closed it stays closed. Thread-safe.
 */
final class SharedProducer implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> settings;
    private final Supplier<String> bootstrap;
    /** Read without the lock on every send: concurrent senders must not queue behind one another here. */
    private volatile Producer<byte[], byte[]> producer;
    private boolean closed;

    /**
     * @param settings  producer configs by Kafka's names; {@code bootstrap.servers} is set from {@code bootstrap}
     * @param bootstrap the node's {@code host:port}, asked when the producer is created
     */
    SharedProducer(Map<String, Object> settings, Supplier<String> bootstrap) {
        this.settings = Map.copyOf(settings);
        this.bootstrap = bootstrap;
    }

    Producer<byte[], byte[]> get() throws ResourceException {
        Producer<byte[], byte[]> created = producer;
        return created != null ? created : create();
    }

    private synchronized Producer<byte[], byte[]> create() throws ResourceException {
        if (closed) throw new ResourceException("The Partita producer is closed (the resource adapter is stopping)");
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(settings);
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
            producer = AdapterProducers.create(config);
        }
        return producer;
    }

    /** Sends what is buffered (up to a bounded wait) and releases the producer's thread and connections. */
    @Override
    public void close() {
        Producer<byte[], byte[]> open;
        synchronized (this) {
            closed = true;
            open = producer;
            producer = null;
        }
        if (open != null) open.close(CLOSE_TIMEOUT);
    }
}
