package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose data directory fills up (a small tmpfs, root only): produce answers KAFKA_STORAGE_ERROR, nothing
 * acknowledged before is damaged, the node keeps answering everything else, and once space is freed the partition
 * takes records again without a restart (its log reopened and recovered by the replication upkeep).
 */
@Tag("slow")
class DiskFullTest {

    private static final long DISK_BYTES = 32L << 20;
    private static final long FREE_BEFORE_PRODUCING = 6L << 20;
    private static final int RECORD_BYTES = 20 * 1024;
    private static final int STEADY_RECORDS = 50;

    @TempDir
    Path tmp;
    private Tmpfs disk;
    private TestNode broker;

    @AfterEach
    void stop() {
        try {
            if (broker != null) broker.close();
        } finally {
            if (disk != null) disk.close();
        }
    }

    @Test
    void produceAnswersStorageErrorWhileTheDiskIsFullAndSucceedsAgainOnceSpaceIsFreedWithoutARestart() throws Exception {
        ExternalBroker.assumeNone();
        disk = Tmpfs.mount(tmp.resolve("disk"), DISK_BYTES);
        // replica.lag.time.max.ms sets the replication upkeep, which reopens offline logs, to every second.
        broker = TestNode.start(TestNode.settings(disk.dir().resolve("data"), 1, false)
                .with(NodeConfig.REPLICA_LAG_TIME_MAX_MS, 2_000));
        TestClients node = broker.clients();
        try (Admin admin = node.admin();
             KafkaProducer<byte[], byte[]> producer = node.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            String steady = Topics.create(admin, "steady", 1);
            String filling = Topics.create(admin, "filling", 1);
            List<SentRecord> steadyRecords = new ArrayList<>();
            for (int i = 0; i < STEADY_RECORDS; i++) steadyRecords.add(send(producer, steady, i));

            long filler = disk.fill(FREE_BEFORE_PRODUCING);
            System.out.printf("disk: %d MiB tmpfs, filler %d MiB, %d KiB free%n", DISK_BYTES >> 20, filler >> 20,
                    disk.usableBytes() >> 10);
            List<SentRecord> acknowledged = new ArrayList<>();
            Throwable refusal = null;
            for (int i = 0; refusal == null && i < 10_000; i++) {
                try {
                    acknowledged.add(send(producer, filling, i));
                } catch (ExecutionException e) {
                    refusal = e.getCause();
                }
            }
            System.out.printf("disk full after %d records of %d KiB acknowledged (%d KiB free); produce answered %s%n",
                    acknowledged.size(), RECORD_BYTES >> 10, disk.usableBytes() >> 10, refusal);
            assertThat(refusal).isInstanceOf(KafkaStorageException.class);
            assertThat(acknowledged).isNotEmpty();

            // Its only in-sync replica failed: the partition is offline (no leader), as Kafka's would be.
            await("no leader for " + filling).atMost(Duration.ofSeconds(10)).until(() -> {
                Node leader = admin.describeTopics(List.of(filling)).allTopicNames().get().get(filling).partitions().get(0).leader();
                return leader == null || leader.isEmpty();
            });
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(steady, filling)).allTopicNames().get();
            System.out.printf("metadata while full: %s leader %s; %s leader %s, ISR %s%n", steady,
                    topics.get(steady).partitions().get(0).leader(), filling, topics.get(filling).partitions().get(0).leader(),
                    topics.get(filling).partitions().get(0).isr());
            assertThat(topics.get(steady).partitions().get(0).leader().id()).isEqualTo(node.nodeId());

            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(node.nodeId())).descriptions().get(node.nodeId()).get();
            dirs.forEach((dir, d) -> System.out.printf("log dir %s: error %s, replicas %s%n", dir, d.error(), d.replicaInfos().keySet()));
            assertThat(dirs.values()).anySatisfy(d -> {
                assertThat(d.error()).isInstanceOf(KafkaStorageException.class);
                assertThat(d.replicaInfos()).containsOnlyKeys(new TopicPartition(filling, 0));
            });

            List<ConsumerRecord<byte[], byte[]>> steadyRead = Polling.readFromBeginning(node, steady, 1, STEADY_RECORDS);
            for (int i = 0; i < STEADY_RECORDS; i++) steadyRecords.get(i).assertReadBackAs(steadyRead.get(i));
            System.out.printf("fetch while full: %d records of %s read back intact%n", steadyRead.size(), steady);

            disk.free();
            long freed = System.nanoTime();
            SentRecord afterwards;
            try (KafkaProducer<byte[], byte[]> retrying = node.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                afterwards = send(retrying, filling, -1);
            }
            System.out.printf("space freed (%d MiB free): produce succeeded again after %d ms, at offset %d, same node, no restart%n",
                    disk.usableBytes() >> 20, (System.nanoTime() - freed) / 1_000_000, afterwards.metadata().offset());

            int end = (int) afterwards.metadata().offset() + 1;
            List<ConsumerRecord<byte[], byte[]>> read = Polling.readFromBeginning(node, filling, 1, end);
            for (SentRecord sent : acknowledged) sent.assertReadBackAs(read.get((int) sent.metadata().offset()));
            afterwards.assertReadBackAs(read.get(end - 1));
            System.out.printf("all %d records acknowledged before the disk filled read back intact%n", acknowledged.size());
        }
    }

    private static SentRecord send(KafkaProducer<byte[], byte[]> producer, String topic, int seed)
            throws ExecutionException, InterruptedException {
        byte[] value = new byte[RECORD_BYTES];
        new Random(seed).nextBytes(value);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, value);
        RecordMetadata metadata = producer.send(record).get();
        return new SentRecord(record, metadata);
    }
}
