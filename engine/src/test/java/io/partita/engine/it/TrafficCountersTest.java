package io.partita.engine.it;

import io.partita.engine.metrics.ApiRequestTotals;
import io.partita.engine.metrics.TopicTotals;
import io.partita.engine.metrics.TrafficTotals;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's traffic counters move by what real Kafka clients send and receive: records and bytes appended, bytes
 * fetched (in all and per topic), and answered requests per API with their time. A node of its own, so no other test's traffic counts.
 */
class TrafficCountersTest {

    private static final int RECORDS = 40;

    @Test
    void produceAndFetchMoveTheCountersByWhatWasSent(@TempDir Path dataDir) throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            TestClients broker = node.clients();
            String topic;
            try (Admin admin = broker.admin()) {
                topic = Topics.create(admin, "traffic", 1);
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            TrafficTotals before = node.node().traffic();

            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, ("value-" + i).getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            long logBytes = node.replicaManager().leaderLog(partition).sizeInBytes();
            TrafficTotals produced = node.node().traffic();
            assertThat(produced.producedRecords() - before.producedRecords()).isEqualTo(RECORDS);
            assertThat(produced.bytesIn() - before.bytesIn()).isEqualTo(logBytes);
            // A request counts once its answer is written, which the client may read first.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ApiRequestTotals produce = node.node().traffic().requests("Produce");
                assertThat(produce.count() - before.requests("Produce").count()).isEqualTo(RECORDS);
                assertThat(produce.totalNanos()).isGreaterThan(before.requests("Produce").totalNanos());
            });

            int read = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read < RECORDS && System.nanoTime() < deadline) read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(read).isEqualTo(RECORDS);
            TrafficTotals fetched = node.node().traffic();
            assertThat(fetched.bytesOut() - produced.bytesOut()).as("every batch sent once").isEqualTo(logBytes);
            assertThat(fetched.replicationBytesOut()).as("no followers").isZero();
            assertThat(fetched.requests("Fetch").count()).isGreaterThan(produced.requests("Fetch").count());
            assertThat(fetched.requests("Metadata").count()).isGreaterThan(before.requests("Metadata").count());
            assertThat(fetched.requests()).extracting(ApiRequestTotals::api).doesNotContain("AlterPartition");
            // Consumers fetch by topic id: the per-topic counters get the topic's name all the same.
            assertThat(fetched.topic(topic)).isEqualTo(new TopicTotals(RECORDS, logBytes, logBytes));
        }
    }
}
