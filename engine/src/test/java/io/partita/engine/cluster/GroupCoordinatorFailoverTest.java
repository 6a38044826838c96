package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.RawKafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group's coordinator is the leader of the group's {@code __consumer_offsets} partition, replicated on all three
 * nodes: other nodes answer NOT_COORDINATOR, and when the coordinator's node dies the partition's new leader loads
 * the group, so that its member carries on and its committed offsets are there for the next consumer. For both group
 * protocols: a consumer-protocol group (KIP-848) moves with its partition as a classic one.
 */
@Tag("cluster")
class GroupCoordinatorFailoverTest {

    private static final int OFFSETS_PARTITIONS = 5;
    private static final String GROUP = "failover-group";
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void theGroupMovesWithItsOffsetsPartitionWhenTheCoordinatorDies(String groupProtocol) throws Exception {
        TestCluster cluster = clusters.start(30_000, (id, config) -> config.with(NodeConfig.OFFSETS_TOPIC_NUM_PARTITIONS, OFFSETS_PARTITIONS)
                .with(NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, 500));
        Admin admin = cluster.admin();
        cluster.createTopic(admin, ORDERS.topic(), Map.of());
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>(ORDERS.topic(), value("v" + i)));
        producer.flush();

        KafkaConsumer<byte[], byte[]> first = groupConsumer(groupProtocol);
        first.subscribe(List.of(ORDERS.topic()));
        await("assigned").atMost(Duration.ofSeconds(30)).until(() -> {
            first.poll(Duration.ofMillis(100));
            return first.assignment().contains(ORDERS);
        });
        first.commitSync(Map.of(ORDERS, new OffsetAndMetadata(6, "six")));

        int coordinator = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).coordinator().id();
        TopicPartitionInfo offsetsPartition = offsetsPartitionOfGroup(admin);
        assertThat(offsetsPartition.leader().id()).isEqualTo(coordinator);
        assertThat(offsetsPartition.replicas()).as("replication factor min(3, live nodes)").hasSize(3);
        // DescribeGroups describes classic groups only (as Kafka): a consumer group is GROUP_ID_NOT_FOUND there.
        Errors described = groupProtocol.equals("classic") ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
        for (int id = 1; id <= TestCluster.SIZE; id++) {
            assertThat(describeGroupError(id)).as("DescribeGroups on node " + id)
                    .isEqualTo(id == coordinator ? described : Errors.NOT_COORDINATOR);
            assertThat(listedGroups(id)).as("ListGroups on node " + id)
                    .isEqualTo(id == coordinator ? Set.of(GROUP) : Set.of());
        }

        cluster.stopNode(coordinator);

        first.commitSync(Map.of(ORDERS, new OffsetAndMetadata(8, "eight")));
        Admin survivorAdmin = cluster.admin();
        int successor = survivorAdmin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).coordinator().id();
        assertThat(successor).isNotEqualTo(coordinator).isEqualTo(offsetsPartitionOfGroup(survivorAdmin).leader().id());
        assertThat(survivorAdmin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members())
                .as("the member goes on in the group loaded by the new coordinator").hasSize(1);
        first.close();

        assertThat(survivorAdmin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(ORDERS))
                .isEqualTo(new OffsetAndMetadata(8, "eight"));
        KafkaConsumer<byte[], byte[]> second = groupConsumer(groupProtocol);
        second.subscribe(List.of(ORDERS.topic()));
        List<String> read = new ArrayList<>();
        await("the rest, from the committed offset").atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : second.poll(Duration.ofMillis(100))) read.add(new String(r.value(), StandardCharsets.UTF_8));
            return read.size() >= 2;
        });
        assertThat(read).containsExactly("v8", "v9");
    }

    /** The consumer protocol takes its session and heartbeat interval from the node, so they are set for classic only. */
    private KafkaConsumer<byte[], byte[]> groupConsumer(String groupProtocol) {
        Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        if (groupProtocol.equals("classic")) {
            settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        return clusters.cluster().consumer(settings);
    }

    /** The partition of {@code __consumer_offsets} that holds the group, by Kafka's rule. */
    private static TopicPartitionInfo offsetsPartitionOfGroup(Admin admin) throws Exception {
        TopicDescription offsets = admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames().get()
                .get(Topic.GROUP_METADATA_TOPIC_NAME);
        assertThat(offsets.partitions()).hasSize(OFFSETS_PARTITIONS);
        return offsets.partitions().get(Utils.abs(GROUP.hashCode()) % OFFSETS_PARTITIONS);
    }

    private Errors describeGroupError(int nodeId) {
        try (RawKafkaConnection connection = RawKafkaConnection.open(address(nodeId))) {
            DescribeGroupsResponse response = connection.send(new DescribeGroupsRequest.Builder(
                    new DescribeGroupsRequestData().setGroups(List.of(GROUP))));
            return Errors.forCode(response.data().groups().get(0).errorCode());
        }
    }

    private Set<String> listedGroups(int nodeId) {
        try (RawKafkaConnection connection = RawKafkaConnection.open(address(nodeId))) {
            ListGroupsResponse response = connection.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()));
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
            return Set.copyOf(response.data().groups().stream().map(ListGroupsResponseData.ListedGroup::groupId).toList());
        }
    }

    private String address(int nodeId) {
        return "127.0.0.1:" + clusters.cluster().node(nodeId).kafkaAddress().getPort();
    }

    private static byte[] value(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
