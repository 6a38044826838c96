package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every node checkpoints the high watermarks of its replicas and starts again from them. */
@Tag("cluster")
class HighWatermarkRestartTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    private List<String> checkpoint(int node) throws Exception {
        Path file = clusters.cluster().dataDir(node).resolve("replication-offset-checkpoint");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void leaderAndFollowersCheckpointTheHighWatermarkAndKeepItOverAWholeClusterRestart() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "hw", Map.of("min.insync.replicas", "2"));
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 100; i++) producer.send(new ProducerRecord<>("hw", ("v" + i).getBytes()));
        producer.flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int node = 1; node <= TestCluster.SIZE; node++) assertThat(checkpoint(node)).contains("hw 0 100");
        });

        for (int node = 1; node <= TestCluster.SIZE; node++) cluster.stopNode(node);
        for (int node = 1; node <= TestCluster.SIZE; node++) assertThat(checkpoint(node)).contains("hw 0 100");
        for (int node = 1; node <= TestCluster.SIZE; node++) cluster.startNode(node);

        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer();
        TopicPartition tp = new TopicPartition("hw", 0);
        consumer.assign(List.of(tp));
        assertThat(consumer.endOffsets(List.of(tp), Duration.ofSeconds(15))).containsEntry(tp, 100L);
        List<String> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) read.add(new String(r.value()));
            return read.size() >= 100;
        });
        assertThat(read).hasSize(100).startsWith("v0").endsWith("v99");
        for (int node = 1; node <= TestCluster.SIZE; node++) assertThat(checkpoint(node)).contains("hw 0 100");
    }
}
