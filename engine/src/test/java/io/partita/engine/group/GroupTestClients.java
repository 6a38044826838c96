package io.partita.engine.group;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Kafka clients of one node for group tests: string consumers (of the given group protocol, classic unless told,
 * earliest, no auto-commit unless overridden; classic ones heartbeat every {@value #CLASSIC_HEARTBEAT_INTERVAL_MS}
 * ms), a producer and topics; closes every client it opened. Not thread-safe: one test drives it.
 */
final class GroupTestClients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int CLASSIC_HEARTBEAT_INTERVAL_MS = 500;

    private final String bootstrapServers;
    private final GroupProtocol protocol;
    private final List<AutoCloseable> opened = new ArrayList<>();

    GroupTestClients(String bootstrapServers) {
        this(bootstrapServers, GroupProtocol.CLASSIC);
    }

    GroupTestClients(String bootstrapServers, GroupProtocol protocol) {
        this.bootstrapServers = bootstrapServers;
        this.protocol = protocol;
    }

    GroupProtocol protocol() {
        return protocol;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        opened.add(admin);
        return admin;
    }

    KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, Map.of());
    }

    KafkaConsumer<String, String> consumer(String group, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT));
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.putAll(overrides);
        if (GroupProtocol.CLASSIC.name().equalsIgnoreCase(settings.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG).toString())) {
            // A classic member learns of a rebalance from its next heartbeat: every 3 s by default, so each member
            // joining or leaving would cost a test up to 3 s. (Under the consumer protocol the broker sets it.)
            settings.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, CLASSIC_HEARTBEAT_INTERVAL_MS);
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings);
        opened.add(consumer);
        return consumer;
    }

    /** A new topic whose partitions all have a leader. */
    String createTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            await("leaders of " + topic).atMost(WAIT).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        return topic;
    }

    /** Sends {@code count} records round-robin over the partitions: key {@code k<i>}, value {@code v<i>}. */
    void produce(String topic, int partitions, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i)).get();
            }
        }
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
