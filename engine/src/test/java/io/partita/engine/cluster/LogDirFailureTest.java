package io.partita.engine.cluster;

import io.partita.engine.it.Tmpfs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real disk fault on one of three nodes: each node's data directory is a small tmpfs (root only) and the test fills
 * one. The failed log gives up its replica, as Kafka's log-directory failure handling does: as leader, another
 * in-sync replica leads within seconds and acks=all producing goes on; as follower, it leaves the ISR. Either way
 * the node reports it in DescribeLogDirs and Metadata, and once space is freed the replica is reopened, follows and
 * rejoins the ISR by itself, without a restart, with no acknowledged record lost or doubled.
 */
@Tag("cluster")
class LogDirFailureTest {

    private static final long DISK_BYTES = 64L << 20;
    private static final String TOPIC = "disk-fault";
    private static final int BATCH = 100;
    private static final int RECORD_BYTES = 1024;

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();
    private final List<Tmpfs> disks = new ArrayList<>();
    private TestCluster cluster;

    @BeforeEach
    void mountDisks() {
        for (int id = 1; id <= TestCluster.SIZE; id++) disks.add(Tmpfs.mount(clusters.root().resolve("node-" + id), DISK_BYTES));
    }

    /** The nodes stop before their disks go. */
    @AfterEach
    void unmountDisks() {
        try {
            if (cluster != null) cluster.close();
        } finally {
            disks.forEach(Tmpfs::close);
        }
    }

    @Test
    void aLeaderWhoseDiskFillsGivesUpLeadershipToAnotherInSyncReplicaAndRejoinsOnceSpaceIsFreed() throws Exception {
        Admin admin = startWithTopic();
        TopicPartitionInfo before = TestCluster.partition(admin, TOPIC);
        int failing = before.leader().id();
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        List<String> acknowledged = new ArrayList<>(send(producer, 0));

        long filler = disks.get(failing - 1).fill(0);
        long full = System.nanoTime();
        acknowledged.addAll(send(producer, 1));
        System.out.printf("leader %d's disk full (%d MiB filler): %d acks=all records acknowledged by the others %d ms later%n",
                failing, filler >> 20, BATCH, elapsedMs(full));
        await("leadership moved off node " + failing).atMost(Duration.ofSeconds(15))
                .until(() -> TestCluster.partition(admin, TOPIC).leader().id() != failing);
        TopicPartitionInfo after = TestCluster.partition(admin, TOPIC);
        System.out.printf("leader %d -> %d, ISR %s -> %s, %d ms after the disk filled%n", failing, after.leader().id(),
                ids(before.isr()), ids(after.isr()), elapsedMs(full));
        assertThat(ids(before.isr())).contains(after.leader().id());
        assertThat(ids(after.isr())).doesNotContain(failing);
        assertReportedOffline(failing, producer);

        freeDiskAndAssertRejoined(admin, failing, producer, acknowledged);
    }

    @Test
    void aFollowerWhoseDiskFillsLeavesTheIsrWhileProducingGoesOnAndRejoinsOnceSpaceIsFreed() throws Exception {
        Admin admin = startWithTopic();
        TopicPartitionInfo before = TestCluster.partition(admin, TOPIC);
        int failing = ids(before.isr()).stream().filter(id -> id != before.leader().id()).findFirst().orElseThrow();
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        List<String> acknowledged = new ArrayList<>(send(producer, 0));

        long filler = disks.get(failing - 1).fill(0);
        long full = System.nanoTime();
        acknowledged.addAll(send(producer, 1));
        await("node " + failing + " out of the ISR").atMost(Duration.ofSeconds(15))
                .until(() -> !ids(TestCluster.partition(admin, TOPIC).isr()).contains(failing));
        TopicPartitionInfo after = TestCluster.partition(admin, TOPIC);
        System.out.printf("follower %d's disk full (%d MiB filler): ISR %s -> %s %d ms later, leader still %d, %d records acknowledged meanwhile%n",
                failing, filler >> 20, ids(before.isr()), ids(after.isr()), elapsedMs(full), after.leader().id(), BATCH);
        assertThat(after.leader().id()).isEqualTo(before.leader().id());
        assertReportedOffline(failing, producer);

        freeDiskAndAssertRejoined(admin, failing, producer, acknowledged);
    }

    /** Node {@code id} names its failed replica in DescribeLogDirs, and Metadata lists it as offline. */
    private void assertReportedOffline(int id, KafkaProducer<byte[], byte[]> producer) throws Exception {
        Map<String, LogDirDescription> dirs = cluster.admin().describeLogDirs(List.of(id)).descriptions().get(id).get();
        assertThat(dirs.values()).anySatisfy(d -> {
            assertThat(d.error()).isInstanceOf(KafkaStorageException.class);
            assertThat(d.replicaInfos()).containsOnlyKeys(new TopicPartition(TOPIC, 0));
        });
        await("Metadata naming node " + id + "'s replica offline").atMost(Duration.ofSeconds(10)).until(() ->
                Arrays.stream(producer.partitionsFor(TOPIC).get(0).offlineReplicas()).anyMatch(n -> n.id() == id));
    }

    /**
     * Starts the cluster (replica.lag.time.max.ms 4 s: the upkeep that reopens offline logs runs every 2 s) with the
     * topic in sync on all three nodes.
     */
    private Admin startWithTopic() throws ExecutionException, InterruptedException {
        cluster = clusters.start(4_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, TOPIC, Map.of("min.insync.replicas", "2"));
        return admin;
    }

    /**
     * Frees node {@code id}'s disk, waits until its replica is back in the ISR, produces once more and reads back
     * exactly what was acknowledged, in order.
     */
    private void freeDiskAndAssertRejoined(Admin admin, int id, KafkaProducer<byte[], byte[]> producer, List<String> acknowledged)
            throws ExecutionException, InterruptedException {
        disks.get(id - 1).free();
        long freed = System.nanoTime();
        await("node " + id + " back in the ISR").atMost(Duration.ofSeconds(30))
                .until(() -> ids(TestCluster.partition(admin, TOPIC).isr()).contains(id));
        System.out.printf("space freed: node %d back in the ISR %d ms later, without a restart%n", id, elapsedMs(freed));
        acknowledged.addAll(send(producer, 2));
        assertThat(TestCluster.readValues(cluster.consumer(), TOPIC, acknowledged.size())).containsExactlyElementsOf(acknowledged);
    }

    /**
     * Sends batch {@code n} of {@link #BATCH} records of {@link #RECORD_BYTES} with acks=all and waits for every
     * acknowledgement. A batch needs new pages of a full disk, which the slack of a file's last page cannot take.
     */
    private static List<String> send(KafkaProducer<byte[], byte[]> producer, int n) throws ExecutionException, InterruptedException {
        List<String> values = new ArrayList<>();
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String value = ("batch-" + n + "-" + i + "-").repeat(RECORD_BYTES / 8).substring(0, RECORD_BYTES);
            values.add(value);
            acks.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, value.getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<?> ack : acks) ack.get();
        return values;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private static long elapsedMs(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }
}
