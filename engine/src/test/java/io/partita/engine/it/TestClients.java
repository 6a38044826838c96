package io.partita.engine.it;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine tests' one client fixture: the broker a test talks to, and the real Kafka clients that talk to it.
 *
 * <p>Every client gets the bootstrap servers, timeouts short enough that a broker that never answers fails the test in
 * seconds rather than minutes (unless {@link #withKafkaTimeouts}), and the {@link #settings()} of this fixture (e.g. a
 * secured listener's security settings, see {@link #with}); producers and consumers byte-array (de)serializers
 * unless given others. Consumers read from the earliest offset and have no group unless the overrides give one.
 * Anything else is the client's default unless a test overrides it. Immutable and thread-safe; callers close the
 * clients.
 *
 * @param bootstrapServers host:port of the broker's Kafka listener (or of several brokers, see {@link #ofCluster})
 * @param nodeId           the broker's node id, as Metadata and DescribeCluster must report it
 * @param settings         client settings every client of this fixture gets, below each call's overrides
 * @param failFast         whether clients get the short timeouts rather than Kafka's defaults
 */
public record TestClients(String bootstrapServers, int nodeId, Map<String, ?> settings, boolean failFast) {

    public TestClients {
        settings = Map.copyOf(settings);
    }

    public TestClients(String bootstrapServers, int nodeId) {
        this(bootstrapServers, nodeId, Map.of(), true);
    }

    /** Where the clients talk to several brokers: {@link #nodeId()} is then -1, no node's id. */
    public static TestClients ofCluster(String bootstrapServers) {
        return new TestClients(bootstrapServers, -1);
    }

    /** The same broker, with {@code more} settings (over this fixture's) for every client. */
    public TestClients with(Map<String, ?> more) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(more);
        return new TestClients(bootstrapServers, nodeId, all, failFast);
    }

    /**
     * The same broker, its clients with Kafka's default timeouts: for group members, whose rebalances and coordinator
     * look-ups on a loaded machine outlast the short ones.
     */
    public TestClients withKafkaTimeouts() {
        return new TestClients(bootstrapServers, nodeId, settings, false);
    }

    public Admin admin() {
        return admin(Map.of());
    }

    public Admin admin(Map<String, ?> overrides) {
        Map<String, Object> all = common();
        if (failFast) all.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        all.putAll(settings);
        all.putAll(overrides);
        return Admin.create(all);
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    public KafkaProducer<byte[], byte[]> producer(Map<String, ?> overrides) {
        return producer(new ByteArraySerializer(), new ByteArraySerializer(), overrides);
    }

    public <K, V> KafkaProducer<K, V> producer(Serializer<K> keys, Serializer<V> values, Map<String, ?> overrides) {
        Map<String, Object> all = common();
        if (failFast) {
            all.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            all.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        }
        all.putAll(settings);
        all.putAll(overrides);
        return new KafkaProducer<>(all, keys, values);
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(Map.of());
    }

    public KafkaConsumer<byte[], byte[]> consumer(Map<String, ?> overrides) {
        return consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(), overrides);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values, Map<String, ?> overrides) {
        Map<String, Object> all = common();
        all.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (failFast) all.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        all.putAll(settings);
        all.putAll(overrides);
        return new KafkaConsumer<>(all, keys, values);
    }

    /**
     * A share consumer (KIP-932) of the given deserializers: of the common settings only those share consumers take
     * (no offset reset or API timeout: a share group's offset reset is a group config).
     */
    public <K, V> KafkaShareConsumer<K, V> shareConsumer(Deserializer<K> keys, Deserializer<V> values,
                                                         Map<String, ?> overrides) {
        Map<String, Object> all = common();
        all.putAll(settings);
        all.putAll(overrides);
        return new KafkaShareConsumer<>(all, keys, values);
    }

    private Map<String, Object> common() {
        Map<String, Object> all = new HashMap<>();
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (failFast) all.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return all;
    }
}
