package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Topic lifecycle through the real Admin client: CreateTopics, Metadata, CreatePartitions, DeleteTopics, DescribeCluster. */
@ExtendWith(BrokerExtension.class)
class AdminTopicsTest {

    private final TestClients broker;
    private final Admin admin;

    AdminTopicsTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Test
    void createdTopicIsListedAndDescribedWithThisNodeAsLeaderOfEveryPartition() throws Exception {
        String topic = Topics.uniqueName("describe");
        CreateTopicsResult created = admin.createTopics(List.of(
                new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "3600000"))));
        created.all().get();

        assertThat(created.numPartitions(topic).get()).isEqualTo(3);
        assertThat(created.replicationFactor(topic).get()).isEqualTo(1);
        Uuid topicId = created.topicId(topic).get();
        assertThat(topicId).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(admin.listTopics().names().get()).contains(topic);

        TopicDescription description = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> describe(topic), d -> d.partitions().stream().allMatch(p -> p.leader() != null));
        assertThat(description.topicId()).isEqualTo(topicId);
        assertThat(description.isInternal()).isFalse();
        assertThat(description.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
        for (TopicPartitionInfo partition : description.partitions()) {
            assertThat(partition.leader().id()).as("leader of %s", partition).isEqualTo(broker.nodeId());
            assertThat(partition.replicas()).extracting(Node::id).containsExactly(broker.nodeId());
            assertThat(partition.isr()).extracting(Node::id).containsExactly(broker.nodeId());
        }
    }

    @Test
    void createPartitionsAddsUsablePartitions() throws Exception {
        String topic = Topics.create(admin, "grow", 1);

        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(describe(topic).partitions()).hasSize(3));
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, 2, null, "v".getBytes(UTF_8))).get();
            assertThat(written.partition()).isEqualTo(2);
            assertThat(written.offset()).isZero();
        }
    }

    @Test
    void createPartitionsCannotDecrease() {
        String topic = Topics.create(admin, "shrink", 3);

        assertThatThrownBy(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("3").hasMessageContaining("2");
    }

    static Stream<String> invalidTopicNames() {
        return Stream.of("bad name!", "..", ".", "slash/inside", "a".repeat(250));
    }

    @ParameterizedTest
    @MethodSource("invalidTopicNames")
    void invalidTopicNamesAreRejectedWithAReason(String name) {
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining(name);
    }

    @Test
    void creatingAnExistingTopicFails() {
        String topic = Topics.create(admin, "dup", 1);

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TopicExistsException.class)
                .hasMessageContaining(topic);
    }

    @Test
    void deletedTopicIsNoLongerKnown() throws Exception {
        String topic = Topics.create(admin, "delete", 2);

        admin.deleteTopics(List.of(topic)).all().get();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThatThrownBy(() -> admin.describeTopics(List.of(topic)).allTopicNames().get())
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(UnknownTopicOrPartitionException.class));
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void describeClusterShowsThisNodeAsTheOnlyNodeAndController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo(broker.nodeId());
            assertThat(node.host() + ":" + node.port()).isEqualTo(broker.bootstrapServers());
        });
        assertThat(cluster.controller().get().id()).isEqualTo(broker.nodeId());
        assertThat(cluster.clusterId().get()).isNotBlank();
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }
}
