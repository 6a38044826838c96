package io.partita.engine.it;

import io.partita.engine.PartitaNode;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who ticks a node's schedule, seen through one of its jobs (the high-watermark checkpoint, every 200 ms here): the
 * node itself from its start, then, from the host's first {@link PartitaNode#runDueJobs()} on, the host alone.
 */
class ScheduleHandOverTest {

    private static final long CHECKPOINT_INTERVAL_MS = 200;

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void theNodeTicksItsScheduleUntilTheHostTakesOverThenOnlyTheHostDoes() throws Exception {
        NodeConfig config = TestNode.settings(dataDir, 1, false)
                .with(NodeConfig.HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS);
        try (TestNode broker = TestNode.start(config)) {
            TestClients client = broker.clients();
            String topic;
            try (Admin admin = client.admin()) {
                topic = Topics.create(admin, "schedule", 1, Map.of());
            }
            try (KafkaProducer<byte[], byte[]> producer = client.producer()) {
                producer.send(new ProducerRecord<>(topic, "one".getBytes())).get();
                await("the node's own tick writes the checkpoint").atMost(Duration.ofSeconds(10))
                        .until(() -> checkpoint().contains(topic + " 0 1"));

                PartitaNode node = broker.node();
                node.runDueJobs();
                producer.send(new ProducerRecord<>(topic, "two".getBytes())).get();
                await("nothing ticks but the host").during(Duration.ofMillis(10 * CHECKPOINT_INTERVAL_MS))
                        .atMost(Duration.ofSeconds(10)).until(() -> checkpoint().contains(topic + " 0 1"));

                await("the host's ticks write the checkpoint").atMost(Duration.ofSeconds(10)).until(() -> {
                    node.runDueJobs();
                    return checkpoint().contains(topic + " 0 2");
                });
            }
        }
    }

    private List<String> checkpoint() throws IOException {
        Path file = dataDir.resolve("replication-offset-checkpoint");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
