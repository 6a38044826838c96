package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.metrics.history.MetricsHistory;
import io.partita.engine.metrics.history.Sample;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's metrics history, sampled by its own schedule: the rates of what real clients produce, per node and per
 * topic, and the lag of a group it coordinates, counted against the high watermark.
 */
class MetricsHistoryTest {

    private static final int RECORDS = 1_000;
    private static final int COMMITTED = 200;

    @Test
    void producedRecordsAndAGroupsLagShowInTheHistory(@TempDir Path dataDir) throws Exception {
        NodeConfig config = TestNode.settings(dataDir, 1, false).with(NodeConfig.METRICS_HISTORY_INTERVAL_MS, 100);
        try (TestNode node = TestNode.start(config)) {
            TestClients broker = node.clients();
            String topic;
            try (Admin admin = broker.admin()) {
                topic = Topics.create(admin, "history", 1);
                try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                    for (int i = 0; i < RECORDS; i++) producer.send(new ProducerRecord<>(topic, new byte[10]));
                }
                admin.alterConsumerGroupOffsets("billing",
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(COMMITTED))).all().get();
            }
            MetricsHistory history = node.node().metricsHistory();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(sum(history.topic(topic, Long.MIN_VALUE).series().get(MetricsHistory.RECORDS_IN))).isPositive();
                assertThat(sum(history.node(Long.MIN_VALUE).series().get(MetricsHistory.RECORDS_IN))).isPositive();
                List<Sample> lag = history.group("billing", Long.MIN_VALUE).series().get(MetricsHistory.LAG);
                assertThat(lag).isNotEmpty();
                assertThat(lag.get(lag.size() - 1).value()).isEqualTo(RECORDS - COMMITTED);
            });
            assertThat(history.topic("never-produced-to", Long.MIN_VALUE).series()).isEmpty();
        }
    }

    private static double sum(List<Sample> samples) {
        return samples == null ? 0 : samples.stream().mapToDouble(Sample::value).sum();
    }
}
