package io.partita.systemtests;

import io.partita.systemtests.shareapp.QueueWorker;
import io.partita.systemtests.shareapp.ShareTestApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.partita.systemtests.ResourceAdapterIT.headers;
import static io.partita.systemtests.ResourceAdapterIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A share-group activation as applications use it, on one node started by {@code bin/partita} with a test application
 * ({@link io.partita.systemtests.shareapp}): a pool of 16 beans ({@link QueueWorker}) on a two-partition topic
 * processes every record once, with more than two calls running at once, and a record its bean always fails ends on
 * the dead-letter topic after the node's delivery count limit (5), with its provenance. Topics are created on first
 * use (2 partitions) by the node; the share group starts each partition at its end, so the test first writes warm-up
 * records until the pool has received one from each partition.
 */
class ShareActivationIT {

    private static final int RECORDS = 400;
    private static final int DELIVERY_COUNT_LIMIT = 5;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static PartitaNodeProcess node;
    private static Path testWar;

    @BeforeAll
    static void startNodeWithApplication() {
        testWar = TestWar.of("share-test-app", ShareTestApplication.class);
        node = PartitaNodeProcess.start(1, List.of(testWar),
                Map.of("PARTITA_AUTO_CREATE_TOPICS_ENABLE", "true", "PARTITA_NUM_PARTITIONS", "2"));
    }

    @AfterAll
    static void stopNode() {
        try {
            if (node != null) node.close();
        } finally {
            if (testWar != null) Directories.deleteRecursively(testWar.getParent());
        }
    }

    @Test
    void sixteenBeansShareTwoPartitionsInParallelAndAPoisonRecordIsDeadLetteredAtTheDeliveryLimit() throws Exception {
        RecordMetadata poison;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()),
                new StringSerializer(), new StringSerializer())) {
            await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (int p = 0; p < 2; p++) {
                    producer.send(new ProducerRecord<>(ShareTestApplication.TOPIC, p, null, "warm-up-" + p));
                }
                producer.flush();
                Map<String, List<Integer>> calls = calls();
                return calls.containsKey("warm-up-0") && calls.containsKey("warm-up-1");
            });
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(ShareTestApplication.TOPIC, i % 2, null, "record-" + i)));
            }
            poison = producer.send(new ProducerRecord<>(ShareTestApplication.TOPIC, 1, null,
                    ShareTestApplication.POISON + "-1")).get();
            for (Future<RecordMetadata> future : sent) future.get();
        }

        List<String> values = IntStream.range(0, RECORDS).mapToObj(i -> "record-" + i).toList();
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(calls()).containsKeys(values.toArray(String[]::new)));
        Map<String, List<Integer>> calls = calls();
        for (String value : values) assertThat(calls.get(value)).as(value + "'s deliveries").containsExactly(1);
        assertThat(Integer.parseInt(get("/share-test-app/most-running"))).as("most calls at once").isGreaterThan(2);

        ConsumerRecord<byte[], byte[]> dead = readOne(ShareTestApplication.DEAD_LETTERS);
        assertThat(text(dead.value())).isEqualTo(ShareTestApplication.POISON + "-1");
        assertThat(headers(dead)).contains(entry("partita.dlt.original.topic", ShareTestApplication.TOPIC),
                entry("partita.dlt.original.partition", "1"),
                entry("partita.dlt.original.offset", Long.toString(poison.offset())),
                entry("partita.dlt.original.timestamp", Long.toString(poison.timestamp())),
                entry("partita.dlt.group", ShareTestApplication.SHARE_GROUP),
                entry("partita.dlt.reason", "DELIVERY_FAILED"),
                entry("partita.dlt.delivery.attempts", Integer.toString(DELIVERY_COUNT_LIMIT)),
                entry("partita.dlt.exception.class", IllegalStateException.class.getName()),
                entry("partita.dlt.exception.message", "cannot digest " + ShareTestApplication.POISON + "-1"));
        assertThat(calls().get(ShareTestApplication.POISON + "-1")).as("the poison record's delivery counts")
                .containsExactly(1, 2, 3, 4, 5);
    }

    /** Value to the delivery counts of its calls, as the test application noted them. */
    private static Map<String, List<Integer>> calls() throws Exception {
        Map<String, List<Integer>> calls = new HashMap<>();
        get("/share-test-app/calls").lines().filter(l -> !l.isBlank()).forEach(line -> {
            int eq = line.lastIndexOf('=');
            calls.put(line.substring(0, eq),
                    Arrays.stream(line.substring(eq + 1).split(",")).map(Integer::valueOf).toList());
        });
        return calls;
    }

    /** The first record read from a topic's beginning (by a consumer group of its own), once there is one. */
    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer(),
                ConsumerConfig.GROUP_ID_CONFIG, "share-it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(DELIVERY_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
            });
            return records.get(0);
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
