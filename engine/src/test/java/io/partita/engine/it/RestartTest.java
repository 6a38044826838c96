package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Partita node closed and started again on the same data directory keeps every acknowledged record, its topics
 * (same id, partitions, configs) and continues the offsets. Twice: with the Hazelcast member that holds the
 * cluster metadata still up, and with a fresh member that knows nothing (the node must bring its topics back).
 *
 * <p>The records span several segments per partition (segment.bytes at Kafka's minimum of 1 MiB), so recovery
 * covers rolled segments and the active one.
 */
@Tag("slow")
class RestartTest {

    private static final int PARTITIONS = 2;
    private static final int RECORDS = 400;
    private static final int VALUE_SIZE = 6_000;

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @ParameterizedTest
    @EnumSource(TestNode.Restart.class)
    void acknowledgedRecordsSurviveARestart(TestNode.Restart restart) throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            TestClients before = node.clients();
            String topic;
            TopicDescription described;
            List<SentRecord> sent;
            try (Admin admin = before.admin()) {
                topic = Topics.create(admin, "restart", PARTITIONS, Map.of("segment.bytes", "1048576", "retention.ms", "3600000"));
                described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            }
            try (KafkaProducer<byte[], byte[]> producer = before.producer()) {
                sent = SentRecord.sendAll(producer, records(topic, 0, RECORDS));
            }

            node.restart(restart);
            TestClients after = node.clients();

            try (Admin admin = after.admin()) {
                TopicDescription again = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                assertThat(again.topicId()).isEqualTo(described.topicId());
                assertThat(again.partitions()).hasSize(PARTITIONS);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                        .isEqualTo("3600000");
            }
            List<ConsumerRecord<byte[], byte[]>> consumed = Polling.readFromBeginning(after, topic, PARTITIONS, RECORDS);
            assertThat(consumed).hasSize(RECORDS);
            Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition = consumed.stream().collect(Collectors.groupingBy(
                    r -> new TopicPartition(r.topic(), r.partition()), Collectors.toMap(ConsumerRecord::offset, r -> r)));
            sent.forEach(s -> s.assertReadBackAs(byPosition.get(s.partition()).get(s.metadata().offset())));

            Map<Integer, Long> nextOffsets = sent.stream().collect(Collectors.groupingBy(
                    s -> s.metadata().partition(), Collectors.summingLong(s -> 1L)));
            try (KafkaProducer<byte[], byte[]> producer = after.producer()) {
                for (SentRecord more : SentRecord.sendAll(producer, records(topic, RECORDS, 10))) {
                    int partition = more.metadata().partition();
                    assertThat(more.metadata().offset()).as("next offset of partition %d", partition).isEqualTo(nextOffsets.get(partition));
                    nextOffsets.merge(partition, 1L, Long::sum);
                }
            }
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int first, int count) {
        Random random = new Random(first);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            byte[] value = new byte[VALUE_SIZE];
            random.nextBytes(value);
            records.add(new ProducerRecord<>(topic, i % PARTITIONS, null, ("k" + i).getBytes(UTF_8), value,
                    List.of(new RecordHeader("n", Integer.toString(i).getBytes(UTF_8)))));
        }
        return records;
    }
}
