package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's log cleaner settings reach its cleaner: {@code log.cleaner.backoff.ms} sets how soon it looks again,
 * {@code log.cleaner.enable=false} keeps it from running. A compacted topic gets three versions of one key, each in a
 * segment of its own (segment.ms is exceeded by the record timestamps), and a last record that rolls the active
 * segment away from them.
 */
@Tag("slow")
class LogCleanerSettingsTest {

    private static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, "100",
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");

    @Test
    void theCleanerLooksAgainAfterTheConfiguredBackoff(@TempDir Path dataDir) throws Exception {
        ExternalBroker.assumeNone();
        NodeConfig config = TestNode.settings(dataDir, 1, false).with(NodeConfig.LOG_CLEANER_BACKOFF_MS, 200);
        try (TestNode node = TestNode.start(config)) {
            TestClients broker = node.clients();
            TopicPartition tp = produceThreeVersionsOfOneKey(broker);

            // Kafka's default backoff, 15 s, would not compact within this wait.
            await("compaction").atMost(Duration.ofSeconds(10)).until(() -> readAll(broker, tp), values -> values.equals(List.of("v3", "last")));
        }
    }

    @Test
    void aDisabledCleanerLeavesCompactedTopicsAlone(@TempDir Path dataDir) throws Exception {
        ExternalBroker.assumeNone();
        NodeConfig config = TestNode.settings(dataDir, 1, false)
                .with(NodeConfig.LOG_CLEANER_ENABLE, false)
                .with(NodeConfig.LOG_CLEANER_BACKOFF_MS, 100);
        try (TestNode node = TestNode.start(config)) {
            TestClients broker = node.clients();
            TopicPartition tp = produceThreeVersionsOfOneKey(broker);

            await("no compaction").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> readAll(broker, tp), values -> values.equals(List.of("v1", "v2", "v3", "last")));
        }
    }

    private static TopicPartition produceThreeVersionsOfOneKey(TestClients broker) throws Exception {
        TopicPartition tp;
        try (Admin admin = broker.admin()) {
            tp = new TopicPartition(Topics.create(admin, "cleaner-settings", 1, COMPACTED), 0);
        }
        long t0 = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            String[][] records = {{"k", "v1"}, {"k", "v2"}, {"k", "v3"}, {"other", "last"}};
            for (int i = 0; i < records.length; i++) {
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), t0 + 1_000L * i,
                        records[i][0].getBytes(UTF_8), records[i][1].getBytes(UTF_8))).get();
            }
        }
        return tp;
    }

    private static List<String> readAll(TestClients broker, TopicPartition tp) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) values.add(new String(r.value(), UTF_8));
            }
        }
        return values;
    }
}
