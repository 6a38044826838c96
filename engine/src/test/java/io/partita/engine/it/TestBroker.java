package io.partita.engine.it;

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

/**
 * The broker a test talks to, and the real Kafka clients that talk to it.
 *
 * <p>Clients get byte-array (de)serializers and timeouts short enough that a broker that never answers fails the
 * test in seconds rather than minutes; anything else is the client's default unless a test overrides it.
 * Consumers have no group: tests {@code assign()} partitions. Immutable and thread-safe; callers close the clients.
 *
 * @param bootstrapServers host:port of the broker's Kafka listener (or of several brokers, see {@link #ofCluster})
 * @param nodeId           the broker's node id, as Metadata and DescribeCluster must report it
 */
public record TestBroker(String bootstrapServers, int nodeId) {

    /** Where the clients talk to several brokers: {@link #nodeId()} is then -1, no node's id. */
    public static TestBroker ofCluster(String bootstrapServers) {
        return new TestBroker(bootstrapServers, -1);
    }

    public Admin admin() {
        return admin(Map.of());
    }

    public Admin admin(Map<String, ?> overrides) {
        Map<String, Object> settings = common();
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        settings.putAll(overrides);
        return Admin.create(settings);
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    public KafkaProducer<byte[], byte[]> producer(Map<String, ?> overrides) {
        Map<String, Object> settings = common();
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        settings.putAll(overrides);
        return new KafkaProducer<>(settings);
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(Map.of());
    }

    public KafkaConsumer<byte[], byte[]> consumer(Map<String, ?> overrides) {
        Map<String, Object> settings = common();
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        settings.putAll(overrides);
        return new KafkaConsumer<>(settings);
    }

    private Map<String, Object> common() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, "partita-it");
        return settings;
    }
}
