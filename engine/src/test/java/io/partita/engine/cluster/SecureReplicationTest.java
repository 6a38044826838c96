package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.TestCertificates;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes whose clients use a PLAINTEXT listener (CLIENT) and whose replication goes through a SASL_SSL listener
 * (REPLICATION, {@code inter.broker.listener.name}): followers authenticate with PLAIN as a user of the users file, so
 * topics replicate; a node with the wrong password has its fetch connections refused and never copies a record.
 */
@Tag("cluster")
class SecureReplicationTest {

    private static final String BROKER_SECRET = "broker-secret";

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void followersAuthenticateOnTheInterBrokerListenerAndReplicate() throws Exception {
        Path root = clusters.root();
        TestCluster cluster = clusters.start(30_000, (id, config) -> secured(root, config)
                .with("listener.name.replication.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"broker\" password=\"" + BROKER_SECRET + "\";"));
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "replicated", Map.of("min.insync.replicas", "3"));
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>("replicated", ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
        assertThat(TestCluster.readValues(cluster.consumer(), "replicated", 10)).hasSize(10);

        // Clients of the CLIENT listener are told of every broker at its CLIENT endpoint.
        Set<Integer> clientPorts = Set.of(1, 2, 3).stream().map(id -> cluster.node(id).kafkaAddress("CLIENT").getPort()).collect(Collectors.toSet());
        assertThat(admin.describeCluster().nodes().get()).extracting(Node::port).containsExactlyInAnyOrderElementsOf(clientPorts);
    }

    @Test
    void aNodeWithWrongInterBrokerCredentialsCannotFetch() throws Exception {
        Path root = clusters.root();
        TestCluster cluster = clusters.start(2_000, (id, config) -> secured(root, config)
                .with(NodeConfig.INTER_BROKER_SASL_USERNAME, "broker")
                .with(NodeConfig.INTER_BROKER_SASL_PASSWORD, id == 3 ? "a-guess" : BROKER_SECRET));
        Admin admin = cluster.admin();
        // Leaders go round-robin: one of the three partitions is led by node 1, which node 3 must fetch from.
        admin.createTopics(List.of(new NewTopic("guarded", 3, (short) 3))).all().get();
        int partition = await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeTopics(List.of("guarded")).allTopicNames().get()
                .get("guarded").partitions().stream().filter(p -> p.leader() != null && p.leader().id() == 1)
                .map(TopicPartitionInfo::partition).findFirst(), Optional::isPresent).orElseThrow();
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1"));
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>("guarded", partition, null, ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
        }

        TopicPartition tp = new TopicPartition("guarded", partition);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(logEndOffset(cluster, 2, tp)).isEqualTo(5L);
            assertThat(admin.describeTopics(List.of("guarded")).allTopicNames().get().get("guarded").partitions().get(partition).isr())
                    .extracting(Node::id).containsExactlyInAnyOrder(1, 2);
        });
        assertThat(logEndOffset(cluster, 3, tp)).isZero();
    }

    private static long logEndOffset(TestCluster cluster, int node, TopicPartition tp) {
        Optional<PartitionLog> log = cluster.node(node).replicaManager().logs().log(tp);
        return log.map(PartitionLog::logEndOffset).orElse(0L);
    }

    /** Every node: CLIENT (PLAINTEXT) first, REPLICATION (SASL_SSL, PLAIN, users from one users file) for replication. */
    private static NodeConfig secured(Path root, NodeConfig config) {
        TestCertificates certificates = new TestCertificates(root);
        Path users = root.resolve("users.properties");
        try {
            if (!Files.exists(users)) {
                Files.writeString(users, "broker=admin:plain:" + BROKER_SECRET + "\n");
                certificates.keystore("broker", "CN=localhost");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return certificates.brokerSettings(config.with(Map.of(
                NodeConfig.LISTENERS, "CLIENT://127.0.0.1:0,REPLICATION://127.0.0.1:0",
                NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, "CLIENT:PLAINTEXT,REPLICATION:SASL_SSL",
                NodeConfig.INTER_BROKER_LISTENER_NAME, "REPLICATION",
                NodeConfig.SASL_ENABLED_MECHANISMS, "PLAIN",
                NodeConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "PLAIN",
                NodeConfig.USERS_FILE, users)), root.resolve("broker.p12"));
    }
}
