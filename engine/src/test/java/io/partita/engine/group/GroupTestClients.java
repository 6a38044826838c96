package io.partita.engine.group;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.TestClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The Kafka clients a group test opened on one node, made by the node's {@link TestClients} with Kafka's own timeouts
 * (a rebalance on a loaded machine outlasts the short ones): string consumers of a group (of the given group protocol, classic unless told, no auto-commit unless overridden; classic ones heartbeat
 * every {@value #CLASSIC_HEARTBEAT_INTERVAL_MS} ms), a producer and topics; closes every client it opened. Group tests
 * start their node with {@link #nodeSettings}. Not thread-safe: one test drives it.
 */
final class GroupTestClients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int CLASSIC_HEARTBEAT_INTERVAL_MS = 500;
    /**
     * What the node tells consumer-protocol members (the broker decides both under KIP-848), so that tests need not
     * wait Kafka's 45 s session.
     */
    static final int CONSUMER_HEARTBEAT_INTERVAL_MS = 250;
    static final int CONSUMER_SESSION_TIMEOUT_MS = 6_000;

    private final TestClients clients;
    private final GroupProtocol protocol;
    private final List<AutoCloseable> opened = new ArrayList<>();

    GroupTestClients(TestClients clients) {
        this(clients, GroupProtocol.CLASSIC);
    }

    GroupTestClients(TestClients clients, GroupProtocol protocol) {
        this.clients = clients.withKafkaTimeouts();
        this.protocol = protocol;
    }

    /** A node of Kafka's defaults, but consumer-protocol timings of {@link #CONSUMER_SESSION_TIMEOUT_MS} and so on. */
    static NodeConfig nodeSettings(Path dataDir, int initialRebalanceDelayMs) {
        return nodeSettings(dataDir, Map.of(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, initialRebalanceDelayMs));
    }

    /** @param settings node settings by {@link NodeConfig} name, over the timings of {@link #nodeSettings(Path, int)} */
    static NodeConfig nodeSettings(Path dataDir, Map<String, ?> settings) {
        NodeConfig config = NodeConfig.defaults(1, "127.0.0.1", 0, dataDir)
                .with(NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_HEARTBEAT_INTERVAL_MS)
                .with(NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_SESSION_TIMEOUT_MS);
        for (Map.Entry<String, ?> setting : settings.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue());
        }
        return config;
    }

    GroupProtocol protocol() {
        return protocol;
    }

    String bootstrapServers() {
        return clients.bootstrapServers();
    }

    Admin admin() {
        Admin admin = clients.admin();
        opened.add(admin);
        return admin;
    }

    KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, Map.of());
    }

    KafkaConsumer<String, String> consumer(String group, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.putAll(overrides);
        if (GroupProtocol.CLASSIC.name().equalsIgnoreCase(settings.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG).toString())) {
            // A classic member learns of a rebalance from its next heartbeat: every 3 s by default, so each member
            // joining or leaving would cost a test up to 3 s. (Under the consumer protocol the broker sets it.)
            settings.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, CLASSIC_HEARTBEAT_INTERVAL_MS);
        }
        KafkaConsumer<String, String> consumer = clients.consumer(new StringDeserializer(), new StringDeserializer(), settings);
        opened.add(consumer);
        return consumer;
    }

    /** A new topic whose partitions all have a leader. */
    String createTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            await("leaders of " + topic).atMost(WAIT).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        return topic;
    }

    /** Sends {@code count} records round-robin over the partitions: key {@code k<i>}, value {@code v<i>}. */
    void produce(String topic, int partitions, int count) throws Exception {
        try (KafkaProducer<String, String> producer = stringProducer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i)).get();
            }
        }
    }

    /** A string producer of the node, which the caller closes. */
    KafkaProducer<String, String> stringProducer() {
        return clients.producer(new StringSerializer(), new StringSerializer(), Map.of());
    }

    /** Closes a consumer at once, without waiting to leave its group (as if its process died). */
    void abandon(KafkaConsumer<?, ?> consumer) {
        opened.remove(consumer);
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    /** Closes a client early (it is not closed again). */
    void close(AutoCloseable client) throws Exception {
        opened.remove(client);
        client.close();
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }
}
