package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A share group's progress is kept at the share coordinator, not in the leader's memory: after the node restarts,
 * the records the group acknowledged are not delivered again, and those it released come back with their delivery
 * counts.
 */
class ShareStateRestartTest {

    private static final int RECORDS = 100;

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void acknowledgedRecordsStayDoneAndReleasedOnesKeepTheirDeliveryCountAcrossARestart() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            TestClients before = node.clients();
            String group = Topics.uniqueName("restarted-share-group");
            String topic;
            try (Admin admin = before.admin()) {
                topic = Topics.create(admin, "share-restart", 1);
            }
            InFlightShareRecords.startFromEarliest(before.bootstrapServers(), group);
            try (KafkaProducer<byte[], byte[]> producer = before.producer()) {
                for (int i = 0; i < RECORDS; i++) producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(UTF_8)));
            }
            // The first consumer accepts records 0-29 and releases every other record it is given.
            Map<Integer, Integer> first = new HashMap<>();
            try (KafkaShareConsumer<String, String> consumer = consumer(before, group)) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        int n = Integer.parseInt(record.value());
                        consumer.acknowledge(record, n < 30 ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
                        first.put(n, record.deliveryCount().orElseThrow().intValue());
                    }
                    consumer.commitSync();
                    return first.keySet().containsAll(IntStream.range(0, 30).boxed().toList());
                });
            }
            node.restart(TestNode.Restart.SAME_MEMBER);
            TestClients after = node.clients();

            Map<Integer, Integer> second = new HashMap<>();
            try (KafkaShareConsumer<String, String> consumer = consumer(after, group)) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                        second.put(Integer.parseInt(record.value()), record.deliveryCount().orElseThrow().intValue());
                    }
                    consumer.commitSync();
                    return second.size() >= RECORDS - 30;
                });
            }
            assertThat(second.keySet()).as("records delivered after the restart")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(30, RECORDS).boxed().toList());
            first.forEach((n, count) -> {
                if (n >= 30) assertThat(second.get(n)).as("delivery count of released record %d", n).isEqualTo(count + 1);
            });
        }
    }

    private static KafkaShareConsumer<String, String> consumer(TestClients broker, String group) {
        return broker.shareConsumer(new StringDeserializer(), new StringDeserializer(),
                Map.of("group.id", group, "share.acknowledgement.mode", "explicit"));
    }
}
