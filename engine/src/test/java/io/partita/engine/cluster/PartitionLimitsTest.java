package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.CapturedLog;
import io.partita.engine.it.RawKafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code max.partitions.per.request} and {@code max.broker.partitions}: a request beyond them is refused with
 * POLICY_VIOLATION naming the setting, creates nothing, and the cluster serves on; a log beyond a node's limit is not
 * opened, and that refusal is logged once per interval, however often it repeats. Three nodes with a request limit of
 * {@value #PER_REQUEST}; node 3 holds at most {@value #NODE_3_LIMIT} partition replicas, the others keep their
 * default (what their file limits allow). Every topic has replication factor 3 unless said otherwise, so each of its
 * partitions puts a replica on node 3.
 */
@Tag("cluster")
class PartitionLimitsTest {

    private static final int PER_REQUEST = 10;
    private static final int NODE_3_LIMIT = 12;

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    /** {@code max.broker.partitions} of node 3 at its next start. */
    private final Map<Integer, Integer> brokerLimits = new ConcurrentHashMap<>(Map.of(3, NODE_3_LIMIT));
    private CapturedLog replicaManagerLog;

    private TestCluster start() {
        return clusters.start(2_000, (id, config) -> {
            NodeConfig limited = config.with(NodeConfig.MAX_PARTITIONS_PER_REQUEST, PER_REQUEST)
                    .with(NodeConfig.AUTO_CREATE_TOPICS, true)
                    .with(NodeConfig.NUM_PARTITIONS, 4)
                    .with(NodeConfig.BROKER_HEARTBEAT_INTERVAL_MS, 200);
            Integer limit = brokerLimits.get(id);
            return limit == null ? limited : limited.with(NodeConfig.MAX_BROKER_PARTITIONS, limit);
        });
    }

    @AfterEach
    void stopCapturing() {
        if (replicaManagerLog != null) replicaManagerLog.close();
    }

    @Test
    void aRequestForMorePartitionsThanTheLimitCreatesNothingAndTheClusterServesOn() throws Exception {
        TestCluster cluster = start();
        Admin admin = cluster.admin();

        KafkaTool.Result tool = KafkaTool.run(TopicCommand::main, "--bootstrap-server", cluster.bootstrapServers(),
                "--create", "--topic", "huge", "--partitions", "100000", "--replication-factor", "1");
        assertThat(tool.exitCode()).as(tool.output()).isEqualTo(1);
        assertThat(tool.output()).contains("Error while executing topic command : Excessively large number of partitions "
                + "per request: 100000, more than max.partitions.per.request=10.");

        // As Kafka's controller does, the limit holds for a request's topics together: none of them is created.
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("six-a", 6, (short) 1), new NewTopic("six-b", 6, (short) 1)))
                .all().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PolicyViolationException.class)
                .hasMessage("Excessively large number of partitions per request: 12, more than max.partitions.per.request=10.");

        admin.createTopics(List.of(new NewTopic("grow", 2, (short) 1))).all().get();
        assertThatThrownBy(() -> admin.createPartitions(Map.of("grow", NewPartitions.increaseTo(20))).all().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PolicyViolationException.class)
                .hasMessage("Excessively large number of additional partitions per request: 18, more than max.partitions.per.request=10.");

        // Three auto-created topics of num.partitions=4 each are 12 partitions: the Metadata request creates none.
        try (RawKafkaConnection connection = RawKafkaConnection.open("127.0.0.1:" + cluster.node(1).kafkaAddress().getPort())) {
            MetadataResponse metadata = connection.send(new MetadataRequest.Builder(List.of("auto-a", "auto-b", "auto-c"), true));
            assertThat(metadata.errors()).containsOnly(
                    Map.entry("auto-a", Errors.POLICY_VIOLATION), Map.entry("auto-b", Errors.POLICY_VIOLATION),
                    Map.entry("auto-c", Errors.POLICY_VIOLATION));
        }

        assertThat(admin.listTopics().names().get()).containsExactly("grow");
        assertThat(admin.describeTopics(List.of("grow")).allTopicNames().get().get("grow").partitions()).hasSize(2);
        assertRoundTrip(cluster, new TopicPartition("grow", 1));
    }

    @Test
    void theBrokerLimitCountsThePartitionsABrokerAlreadyHolds() throws Exception {
        TestCluster cluster = start();
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("first", 8, (short) 3))).all().get();

        KafkaTool.Result tool = KafkaTool.run(TopicCommand::main, "--bootstrap-server", cluster.bootstrapServers(),
                "--create", "--topic", "second", "--partitions", "5", "--replication-factor", "3");
        assertThat(tool.exitCode()).as(tool.output()).isEqualTo(1);
        assertThat(tool.output()).contains("Error while executing topic command : Creating topic 'second' with 5 partition(s) "
                + "of replication factor 3 would put 13 partition replicas on broker 3, more than its "
                + "max.broker.partitions=12 (it holds 8).");
        assertThatThrownBy(() -> admin.createPartitions(Map.of("first", NewPartitions.increaseTo(13))).all().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PolicyViolationException.class)
                .hasMessage("Adding 5 partition(s) to topic 'first' would put 13 partition replicas on broker 3, more than "
                        + "its max.broker.partitions=12 (it holds 8).");

        admin.createTopics(List.of(new NewTopic("second", 4, (short) 3))).all().get();
        // Each node checks the limit against its own view, which has "second" within a metadata poll.
        for (int id = 1; id <= 3; id++) {
            Admin only = cluster.adminOf(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> only.listTopics().names().get().contains("second"));
        }
        // Auto-creation through Metadata is held to the same limit: node 3 is full now.
        assertThatThrownBy(() -> cluster.consumer().partitionsFor("third"))
                .isInstanceOf(KafkaException.class).hasCauseInstanceOf(PolicyViolationException.class);

        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("first", "second");
        assertThat(admin.describeTopics(List.of("first")).allTopicNames().get().get("first").partitions()).hasSize(8);
        assertRoundTrip(cluster, new TopicPartition("second", 3));
    }

    @Test
    void aNodeOpensNoLogBeyondItsLimitAndLogsTheRefusalOncePerInterval() throws Exception {
        TestCluster cluster = start();
        cluster.admin().createTopics(List.of(new NewTopic("held", 8, (short) 3))).all().get();
        // Node 3 comes back without its logs and with a lower limit than the replicas the metadata gives it.
        cluster.stopNode(3);
        Utils.delete(cluster.dataDir(3).toFile());
        brokerLimits.put(3, 5);
        replicaManagerLog = CapturedLog.of("io.partita.engine.replication.ReplicaManager");
        cluster.startNode(3);

        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(3).replicaManager().logs().logs().size() == 5);
        // Node 3 retries its three refused replicas at every reconciliation (every 200 ms): over 3 s, one line.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> refusals().size() == 1);
        assertThat(refusals().get(0)).contains("Opening a partition log failed (1 time(s) since the last report)",
                "this node holds 5 partition logs, its max.broker.partitions=5");
        assertThat(cluster.node(3).replicaManager().logs().logs()).hasSize(5);
        assertThat(cluster.adminOf(3).describeCluster().nodes().get()).hasSize(3);
        assertRoundTrip(cluster, new TopicPartition("held", 0));
    }

    private List<String> refusals() {
        return replicaManagerLog.containing("Not opening the log of");
    }

    private static void assertRoundTrip(TestCluster cluster, TopicPartition tp) throws Exception {
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1"));
        long offset = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, "still serving".getBytes())).get().offset();
        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer();
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return !read.isEmpty();
        });
        assertThat(new String(read.get(0).value())).isEqualTo("still serving");
    }
}
