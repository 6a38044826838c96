package io.partita.web.kafka;

import io.partita.web.NodeConnections;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.ServiceUnavailableException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's Kafka clients of this server's node: one shared {@link Admin} and one shared producer, created on first
 * use, and short-lived consumers for reads, all connecting as the node itself (its inter-broker listener and
 * identity, which the resource adapter reports), so that on a secured node they act as a super user. The engine is
 * reached only through its own Kafka listener, which keeps the resource adapter's API small.
 *
 * <p>Thread-safe: Admin and KafkaProducer are; consumers belong to the caller, who closes them.
 */
@ApplicationScoped
public class NodeClients {

    /** How long the API waits for the node's answers. */
    public static final int REQUEST_TIMEOUT_MS = 15_000;

    @Inject
    NodeConnections connections;

    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    public synchronized Admin admin() {
        if (admin == null) admin = withClientsLoader(() -> Admin.create(settings("partita-api-admin")));
        return admin;
    }

    public synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> settings = settings("partita-api-producer");
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS * 2);
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = withClientsLoader(() ->
                    new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()));
        }
        return producer;
    }

    /** A consumer for manual assignment (no group, no commits); the caller closes it. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> settings = settings("partita-api-reader");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // Record searches read whole chunks of many partitions: fewer, larger polls. Reads end at the high
        // watermark, so a fetch past it (prefetched, or in flight when the consumer closes) should not wait for data.
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return withClientsLoader(() ->
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) producer.close();
        if (admin != null) admin.close();
    }

    private Map<String, Object> settings(String clientId) {
        Map<String, Object> settings = new HashMap<>(nodeClientConfigs());
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        settings.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        return settings;
    }

    private Map<String, Object> nodeClientConfigs() {
        try {
            return connections.nodeClientConfigs();
        } catch (ResourceException e) {
            throw new ServiceUnavailableException("The node is not running: " + e.getMessage());
        }
    }

    // kafka-clients resolves plug-in classes through the context class loader, which here is this WAR's; the
    // clients' own loader (the resource adapter's) is the one that sees them all.
    private static <T> T withClientsLoader(Supplier<T> create) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return create.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
