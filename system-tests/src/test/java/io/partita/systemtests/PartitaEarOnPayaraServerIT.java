package io.partita.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * partita.ear deployed on full Payara Server 6 runs a node that Kafka clients can use: one record produced is
 * consumed back, and the EAR's EJB timer drives the node's schedule. The node's settings reach the resource adapter
 * embedded in the EAR through {@code PARTITA_*} environment variables of the server process; the domain lets EJB
 * timers fire every 100 ms, as the README asks.
 */
class PartitaEarOnPayaraServerIT {

    private static final String TOPIC = "ear.round.trip";

    private static Path dataDir;
    private static PayaraServerDomain domain;
    private static String bootstrapServer;

    @BeforeAll
    static void deployEar() throws IOException {
        int kafkaPort = FreePorts.next();
        bootstrapServer = "127.0.0.1:" + kafkaPort;
        dataDir = Files.createTempDirectory("partita-ear-data-");
        domain = PayaraServerDomain.start(Map.of(
                "PARTITA_NODE_ID", "1",
                "PARTITA_LISTENER_PORT", String.valueOf(kafkaPort),
                "PARTITA_LOG_DIRS", dataDir.toString()));
        domain.set("configs.config.server-config.ejb-container.ejb-timer-service.minimum-delivery-interval-in-millis", "100");
        domain.deploy(Path.of(BuildSettings.required("partita.dist"), "ear", "partita.ear"));
    }

    @AfterAll
    static void undeploy() {
        try {
            if (domain != null) domain.close();
        } finally {
            if (dataDir != null) Directories.deleteRecursively(dataDir);
        }
    }

    @Test
    void nodeInTheEarServesKafkaClients() throws Exception {
        String node = awaitReadyNode();
        assertThat(node).contains("\"nodeId\":1").contains("\"bootstrapServer\":\"" + bootstrapServer + "\"");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer), new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(TOPIC, "ear-key", "ear-value")).get(60, TimeUnit.SECONDS);
        }
        assertThat(sent.offset()).isZero();

        TopicPartition partition = new TopicPartition(TOPIC, 0);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                        return !received.isEmpty();
                    });
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("ear-key");
            assertThat(record.value()).isEqualTo("ear-value");
            assertThat(record.offset()).isZero();
        });

        // The API's own Kafka clients reach the node as the node (the adapter's NodeIdentity, in the EAR's rar module).
        ApiClient api = new ApiClient("http://127.0.0.1:" + domain.httpPort());
        await("the cluster gauges, counted by the API's admin client").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).until(() -> api.get(ApiClient.Login.NOBODY, "/metrics").text(),
                        metrics -> Pattern.compile("(?m)^partita_topics\\{[^}]*} [1-9]").matcher(metrics).find());

        await("the EAR's EJB timer drives the node's schedule").atMost(Duration.ofSeconds(60))
                .until(() -> domain.serverLog().contains("The host drives the periodic jobs of node 1"));
        Path checkpoint = dataDir.resolve("replication-offset-checkpoint");
        await("the high watermark in " + checkpoint).atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(checkpoint) && Files.readAllLines(checkpoint).contains(TOPIC + " 0 1"));
    }

    /** GET /api/node until it reports the node ready; its body. */
    private static String awaitReadyNode() {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + domain.httpPort() + "/api/node");
        AtomicReference<String> body = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    body.set(response.body());
                    return response.statusCode() == 200 && body.get().contains("\"ready\":true");
                });
        return body.get();
    }
}
