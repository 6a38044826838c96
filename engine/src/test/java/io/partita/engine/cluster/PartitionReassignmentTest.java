package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** AlterPartitionReassignments and ListPartitionReassignments, through the Admin API and kafka-reassign-partitions. */
@Tag("cluster")
class PartitionReassignmentTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    private static TopicPartitionInfo partition(Admin admin, String topic, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().get(partition);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private KafkaTool.Result reassign(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", clusters.cluster().bootstrapServers()));
        all.addAll(List.of(args));
        return KafkaTool.run(ReassignPartitionsCommand::main, all.toArray(String[]::new));
    }

    @Test
    void theReassignToolMovesPartitionsOntoANewNodeWithoutLosingARecord() throws Exception {
        TestCluster cluster = clusters.start(2_000);
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("move", 2, (short) 2))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> partition(admin, "move", 0).isr().size() == 2
                && partition(admin, "move", 1).isr().size() == 2);
        assertThat(ids(partition(admin, "move", 0).replicas())).containsExactly(1, 2);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 200; i++) producer.send(new ProducerRecord<>("move", i % 2, null, ("v" + i).getBytes()));
        producer.flush();
        cluster.startNode(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.memberCount() == 4);

        Path topics = clusters.root().resolve("topics.json");
        Files.writeString(topics, "{\"version\":1,\"topics\":[{\"topic\":\"move\"}]}");
        KafkaTool.Result generated = reassign("--generate", "--topics-to-move-json-file", topics.toString(), "--broker-list", "3,4");
        assertThat(generated.exitCode()).as(generated.output()).isZero();
        assertThat(generated.output()).contains("Current partition replica assignment", "Proposed partition reassignment configuration");

        Path plan = clusters.root().resolve("plan.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"move\",\"partition\":0,\"replicas\":[3,4]},"
                + "{\"topic\":\"move\",\"partition\":1,\"replicas\":[4,3]}]}");
        KafkaTool.Result executed = reassign("--execute", "--reassignment-json-file", plan.toString(), "--throttle", "50000000");
        assertThat(executed.exitCode()).as(executed.output()).isZero();
        assertThat(executed.output()).contains("Successfully started partition reassignments for move-0,move-1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            KafkaTool.Result verified = reassign("--verify", "--reassignment-json-file", plan.toString());
            assertThat(verified.output()).contains("Reassignment of partition move-0 is completed.",
                    "Reassignment of partition move-1 is completed.");
        });
        // The tool may have asked the controller; Admin's describe may ask a node whose entry listener is behind.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ids(partition(admin, "move", 0).replicas())).containsExactly(3, 4);
            assertThat(ids(partition(admin, "move", 0).isr())).containsExactlyInAnyOrder(3, 4);
            assertThat(partition(admin, "move", 0).leader().id()).isIn(3, 4);
            assertThat(ids(partition(admin, "move", 1).replicas())).containsExactly(4, 3);
        });
        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(cluster.dataDir(1).resolve("move-0")));

        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer();
        consumer.assign(List.of(new TopicPartition("move", 0), new TopicPartition("move", 1)));
        List<String> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) read.add(new String(r.value()));
            return read.size() >= 200;
        });
        assertThat(read).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aReassignmentWaitingForADeadBrokerIsListedAndCanBeCancelled() throws Exception {
        TestCluster cluster = clusters.start(2_000);
        cluster.startNode(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.memberCount() == 4);
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("stay", 1, (short) 2))).all().get();
        TopicPartition tp = new TopicPartition("stay", 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> partition(admin, "stay", 0).isr().size() == 2);
        List<Integer> original = ids(partition(admin, "stay", 0).replicas());
        int absent = List.of(1, 2, 3, 4).stream().filter(id -> !original.contains(id) && id != 1).findFirst().orElseThrow();
        cluster.killNode(absent);
        List<Integer> target = new ArrayList<>(original);
        target.add(absent);

        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target)))).all().get();

        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments().reassignments().get();
        assertThat(ongoing).containsOnlyKeys(tp);
        assertThat(ongoing.get(tp).replicas()).isEqualTo(target);
        assertThat(ongoing.get(tp).addingReplicas()).containsExactly(absent);
        assertThat(ongoing.get(tp).removingReplicas()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(partition(admin, "stay", 0).replicas())).isEqualTo(target));

        admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get();

        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(partition(admin, "stay", 0).replicas())).isEqualTo(original));
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NoReassignmentInProgressException.class);
    }
}
