package io.partita.engine.cluster;

import io.partita.engine.config.LogConfig;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Replication across three nodes with real Kafka clients: the high watermark, acks=all with min.insync.replicas=2,
 * ISR shrink and expand, and truncation of a returning replica to its leader-epoch boundary.
 */
@Tag("cluster")
class ReplicationFailoverTest {

    private static final Map<String, String> MIN_ISR_2 = Map.of("min.insync.replicas", "2");

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void acknowledgedRecordsSurviveTheLossOfTheLeader() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "durable", MIN_ISR_2);
        int leader = TestCluster.partition(admin, "durable").leader().id();
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0));

        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(producer.send(new ProducerRecord<>("durable", value("r" + i))));
            if (i == 150) {
                sent.get(100).get();
                cluster.stopNode(leader);
            }
        }
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
                acknowledged.add("r" + i);
            } catch (ExecutionException e) {
                // not acknowledged: the producer may give up on records in flight to the dead leader
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(150);

        List<String> read = TestCluster.readValues(cluster.consumer(), "durable", acknowledged.size());
        assertThat(read).containsAll(acknowledged).doesNotHaveDuplicates();
    }

    @Test
    void theHighWatermarkFollowsTheIsrAndAcksAllFailsWithTwoOfThreeNodesDown() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "guarded", MIN_ISR_2);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 20; i++) producer.send(new ProducerRecord<>("guarded", value("v" + i)));
        producer.flush();
        TopicPartition tp = new TopicPartition("guarded", 0);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset()).isEqualTo(20);

        int leader = TestCluster.partition(admin, "guarded").leader().id();
        for (int id = 1; id <= TestCluster.SIZE; id++) if (id != leader) cluster.stopNode(id);
        Admin survivorAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TestCluster.partition(survivorAdmin, "guarded").isr()).hasSize(1));

        KafkaProducer<byte[], byte[]> strict = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
        assertThatThrownBy(() -> strict.send(new ProducerRecord<>("guarded", value("refused"))).get())
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
        assertThat(TestCluster.readValues(cluster.consumer(), "guarded", 20)).hasSize(20).doesNotContain("refused");
    }

    @Test
    void theIsrShrinksWhenAFollowerGoesAndExpandsWhenItCatchesUpAgain() throws Exception {
        TestCluster cluster = clusters.start(2_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "elastic", MIN_ISR_2);
        int leader = TestCluster.partition(admin, "elastic").leader().id();
        int follower = leader % TestCluster.SIZE + 1;

        cluster.stopNode(follower);
        Admin survivorAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TestCluster.partition(survivorAdmin, "elastic").isr()).extracting(n -> n.id()).doesNotContain(follower));
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 50; i++) producer.send(new ProducerRecord<>("elastic", value("while-away-" + i)));
        producer.flush();

        cluster.startNode(follower);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(TestCluster.partition(survivorAdmin, "elastic").isr()).extracting(n -> n.id()).contains(follower));
    }

    @Test
    void aReturningReplicaTruncatesRecordsTheNewLeaderNeverHad() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "diverge", Map.of());
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>("diverge", value("agreed-" + i)));
        producer.flush();
        int oldLeader = TestCluster.partition(admin, "diverge").leader().id();
        int oldEpoch = cluster.leaderEpoch("diverge", 0);

        cluster.stopNode(oldLeader);
        // What the old leader appended in its last moments, never replicated: written into its log while it is down.
        try (PartitionLog log = PartitionLog.open(cluster.dataDir(oldLeader).resolve("diverge-0"), new TopicPartition("diverge", 0),
                LogConfig.defaults(), Clock.systemUTC())) {
            log.appendAsLeader(MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, TimestampType.CREATE_TIME,
                    new SimpleRecord(value("lost-1")), new SimpleRecord(value("lost-2")), new SimpleRecord(value("lost-3"))), oldEpoch);
        }
        Admin survivorAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestCluster.partition(survivorAdmin, "diverge").leader() != null
                && TestCluster.partition(survivorAdmin, "diverge").leader().id() != oldLeader);
        KafkaProducer<byte[], byte[]> second = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 2; i++) second.send(new ProducerRecord<>("diverge", value("new-" + i)));
        second.flush();

        cluster.startNode(oldLeader);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(TestCluster.partition(survivorAdmin, "diverge").isr()).hasSize(3));
        // Leave the returned replica as the only one: it must now lead with exactly the new leader's log.
        for (int id = 1; id <= TestCluster.SIZE; id++) if (id != oldLeader) cluster.stopNode(id);
        Admin lastAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestCluster.partition(lastAdmin, "diverge").leader() != null
                && TestCluster.partition(lastAdmin, "diverge").leader().id() == oldLeader);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) expected.add("agreed-" + i);
        expected.add("new-0");
        expected.add("new-1");
        assertThat(TestCluster.readValues(cluster.consumer(), "diverge", expected.size())).containsExactlyElementsOf(expected);
    }

    private static byte[] value(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
