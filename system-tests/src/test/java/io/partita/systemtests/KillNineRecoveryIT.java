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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed with SIGKILL in the middle of a produce stream (acks=all, flush.messages=1) comes back on the same
 * data directory with every acknowledged record at the offset it was acknowledged at, and new records continue
 * the offsets. The high watermarks such a node restarts from ({@code replication-offset-checkpoint}) are at most
 * {@code replica.high.watermark.checkpoint.interval.ms} (5 s) old inside Payara too, where the EJB timer drives the
 * node's schedule.
 */
class KillNineRecoveryIT {

    private static final String TOPIC = "crash.test";
    private static final int PARTITIONS = 3;
    private static final int ACKED_BEFORE_KILL = 3_000;
    private static final int CHECKPOINTED_RECORDS = 10;

    private PartitaNodeProcess node;

    @AfterEach
    void stopNode() {
        if (node != null) node.close();
    }

    @Test
    void everyAcknowledgedRecordSurvivesAKillNine() throws Exception {
        node = PartitaNodeProcess.start(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)
                    .configs(Map.of("flush.messages", "1")))).all().get();
        }

        Map<String, RecordMetadata> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        KafkaProducer<String, String> producer = producer();
        Thread stream = new Thread(() -> {
            for (int i = 0; sending.get(); i++) {
                String value = "record-" + i;
                producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % 17), value), (metadata, error) -> {
                    if (error == null) acknowledged.put(value, metadata);
                });
            }
        }, "produce-stream");
        stream.start();
        await("records acknowledged before the kill").atMost(Duration.ofMinutes(2))
                .until(() -> acknowledged.size() >= ACKED_BEFORE_KILL);
        node.killHard();
        sending.set(false);
        stream.join();
        producer.close(Duration.ZERO);
        Map<String, RecordMetadata> survivors = new HashMap<>(acknowledged);

        node.restart();
        Map<String, ConsumerRecord<String, String>> read = readAll();
        survivors.forEach((value, metadata) -> {
            ConsumerRecord<String, String> found = read.get(value);
            assertThat(found).as("acknowledged %s at %s-%d", value, metadata.topic(), metadata.partition()).isNotNull();
            assertThat(found.partition()).isEqualTo(metadata.partition());
            assertThat(found.offset()).isEqualTo(metadata.offset());
        });

        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            try (KafkaProducer<String, String> after = producer()) {
                for (TopicPartition tp : partitions) {
                    RecordMetadata next = after.send(new ProducerRecord<>(TOPIC, tp.partition(), "k", "after-restart")).get();
                    assertThat(next.offset()).as("first offset after restart on %s", tp).isEqualTo(ends.get(tp));
                }
            }
        }
        System.out.printf("kill -9 recovery: %d records acknowledged before the kill, all %d read back%n",
                survivors.size(), survivors.size());
    }

    @Test
    void theHighWatermarkCheckpointNamesAProduceWithinSecondsOnceTheEjbTimerDrivesTheSchedule() throws Exception {
        node = PartitaNodeProcess.start(1);
        Path log = node.dataDir().resolve("partita.log");
        await("the EJB timer takes over the node's schedule").atMost(Duration.ofSeconds(60))
                .until(() -> new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                        .contains("The host drives the periodic jobs of node 1"));
        String topic = "checkpoint.test";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < CHECKPOINTED_RECORDS; i++) producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
        }
        long acknowledged = System.nanoTime();

        Path checkpoint = node.dataDir().resolve("kafka-logs").resolve("replication-offset-checkpoint");
        await("the high watermark in " + checkpoint).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(checkpoint) && Files.readAllLines(checkpoint).contains(topic + " 0 " + CHECKPOINTED_RECORDS));
        System.out.printf("high-watermark checkpoint: written %d ms after the last acknowledgement%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged));
    }

    private Map<String, ConsumerRecord<String, String>> readAll() throws ExecutionException, InterruptedException {
        Map<String, ConsumerRecord<String, String>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            assertThat(ReadBack.toEnds(consumer, ends, Duration.ofMinutes(2), r -> read.put(r.value(), r)))
                    .as("every partition read to its end within 2 min").isTrue();
        }
        return read;
    }

    private static List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) partitions.add(new TopicPartition(TOPIC, p));
        return partitions;
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServer(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000),
                new StringDeserializer(), new StringDeserializer());
    }
}
