package io.partita.systemtests;

import io.partita.systemtests.raapp.RaTestApplication;
import io.partita.systemtests.raapp.RelayListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Payara Micro nodes in one cluster deploy the same message-driven bean ({@link RelayListener}, two consumers
 * per node): the group's partitions are shared between the nodes, and when one node stops the other takes all of
 * them and nothing is lost.
 */
class MessageDrivenBeansAcrossNodesIT {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = 400;
    private static final String GROUP = "ra-relay";

    private PartitaCluster cluster;
    private Path testWar;

    @AfterEach
    void stop() {
        try {
            if (cluster != null) cluster.close();
        } finally {
            if (testWar != null) Directories.deleteRecursively(testWar.getParent());
        }
    }

    @Test
    void nodesShareTheGroupAndTheSurvivorTakesEveryPartition() throws Exception {
        testWar = TestWar.of("ra-test-app", RaTestApplication.class);
        cluster = PartitaCluster.start(2, List.of(testWar), Map.of("PARTITA_AUTO_CREATE_TOPICS_ENABLE", "true",
                "PARTITA_NUM_PARTITIONS", String.valueOf(PARTITIONS), "PARTITA_DEFAULT_REPLICATION_FACTOR", "2"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(RaTestApplication.RELAY_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(RaTestApplication.RELAY_TOPIC, PARTITIONS, (short) 2))).all().get();
            }
            await("both nodes' consumers share the partitions").atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                    assertThat(assignedPartitions(admin)).hasSize(PARTITIONS));
            ConsumerGroupDescription shared = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertThat(shared.members()).hasSize(4);

            produce("first", RECORDS);
            Map<String, String> firstRound = awaitRelayed("first", RECORDS);
            assertThat(firstRound.values()).as("nodes that delivered the first round").containsOnly("1", "2");

            cluster.node(2).close();
            await("node 1 takes every partition").atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                assertThat(group.members()).hasSize(2);
                assertThat(assignedPartitions(admin)).hasSize(PARTITIONS);
            });
            produce("second", RECORDS);
            Map<String, String> secondRound = awaitRelayed("second", RECORDS);
            assertThat(secondRound.values()).as("nodes that delivered the second round").containsOnly("1");
        }
    }

    private static List<TopicPartition> assignedPartitions(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        List<TopicPartition> assigned = new ArrayList<>();
        for (MemberDescription member : group.members()) assigned.addAll(member.assignment().topicPartitions());
        return assigned.stream().distinct().toList();
    }

    private void produce(String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServer(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(RaTestApplication.RELAY_TOPIC, i % PARTITIONS, null, prefix + "-" + i));
            }
            producer.flush();
        }
    }

    /** Reads the relay output until every {@code prefix} record came; value to the node that relayed it. */
    private Map<String, String> awaitRelayed(String prefix, int count) {
        Map<String, String> relayedBy = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServer()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> output = consumer.partitionsFor(RaTestApplication.RELAY_OUTPUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(output);
            consumer.seekToBeginning(output);
            await("every " + prefix + " record relayed").atMost(Duration.ofMinutes(3)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!r.value().startsWith(prefix + "-")) continue;
                    relayedBy.put(r.value(), new String(r.headers().lastHeader(RelayListener.NODE_HEADER).value(), StandardCharsets.UTF_8));
                }
                return relayedBy.size() == count;
            });
        }
        return relayedBy;
    }
}
