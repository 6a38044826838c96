package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.tools.LeaderElectionCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ElectLeaders (preferred and unclean) and the controller's automatic preferred-leader rebalance. */
@Tag("cluster")
class LeaderElectionTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static TopicPartitionInfo partition(Admin admin, String topic, int partition) throws Exception {
        return describe(admin, topic).partitions().get(partition);
    }

    /** Three partitions led by nodes 1, 2, 3; node 1 goes down and comes back: partition 0 stays with its stand-in. */
    private Admin leadershipMovedOffNode1() throws Exception {
        TestCluster cluster = clusters.cluster();
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("pref", 3, (short) 3))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                describe(admin, "pref").partitions().stream().allMatch(p -> p.isr().size() == 3));
        assertThat(partition(admin, "pref", 0).leader().id()).isEqualTo(1);

        cluster.stopNode(1);
        Admin survivors = cluster.admin();
        await().atMost(Duration.ofSeconds(15)).until(() -> partition(survivors, "pref", 0).leader().id() != 1);
        cluster.startNode(1);
        Admin all = cluster.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> partition(all, "pref", 0).isr().size() == 3);
        return all;
    }

    @Test
    void kafkaLeaderElectionToolGivesLeadershipBackToThePreferredReplica() throws Exception {
        TestCluster cluster = clusters.start(2_000, (id, config) -> config.with(NodeConfig.AUTO_LEADER_REBALANCE_ENABLE, false));
        Admin admin = leadershipMovedOffNode1();
        int standIn = partition(admin, "pref", 0).leader().id();
        assertThat(standIn).isNotEqualTo(1);

        KafkaTool.Result first = KafkaTool.run(LeaderElectionCommand::main, "--bootstrap-server", cluster.bootstrapServers(),
                "--election-type", "preferred", "--all-topic-partitions");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Successfully completed leader election (PREFERRED) for partitions pref-0");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(describe(admin, "pref").partitions())
                .allSatisfy(p -> assertThat(p.leader()).isEqualTo(p.replicas().get(0))));
        assertThat(partition(admin, "pref", 0).leader().id()).isEqualTo(1);

        assertThat(admin.electLeaders(ElectionType.PREFERRED, Set.of(new TopicPartition("pref", 1))).partitions().get())
                .hasEntrySatisfying(new TopicPartition("pref", 1),
                        e -> assertThat(e).containsInstanceOf(ElectionNotNeededException.class));
    }

    @Test
    void theControllerRebalancesLeadershipByItselfWhenABrokerLeadsTooFewOfItsPartitions() throws Exception {
        clusters.start(2_000, (id, config) -> config.with(NodeConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 1));
        Admin admin = leadershipMovedOffNode1();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(partition(admin, "pref", 0).leader().id()).isEqualTo(1));
    }

    @Test
    void uncleanElectionOnRequestGivesALeaderlessPartitionItsFirstLiveReplica() throws Exception {
        TestCluster cluster = clusters.start(2_000);
        // A fourth node outlives the partition's three replicas and so keeps the cluster's metadata: with every node
        // down, a replica restarting alone would put back its own snapshot, older than the ISR's last shrink.
        cluster.startNode(4);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "unclean", Map.of());
        TopicPartition tp = new TopicPartition("unclean", 0);
        assertThat(admin.electLeaders(ElectionType.UNCLEAN, Set.of(tp)).partitions().get())
                .hasEntrySatisfying(tp, e -> assertThat(e).containsInstanceOf(ElectionNotNeededException.class));

        int last = TestCluster.partition(admin, "unclean").leader().id();
        List<Integer> others = TestCluster.partition(admin, "unclean").replicas().stream().map(n -> n.id()).filter(id -> id != last).toList();
        for (int id : others) cluster.stopNode(id);
        Admin survivors = cluster.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> TestCluster.partition(survivors, "unclean").isr().size() == 1);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1"));
        producer.send(new ProducerRecord<>("unclean", "only-on-the-last".getBytes())).get();
        cluster.stopNode(last);
        Admin remaining = cluster.admin();
        // The controller finds no live ISR member and leaves the partition leaderless.
        await().atMost(Duration.ofSeconds(30)).until(() -> TestCluster.partition(remaining, "unclean").leader() == null);
        cluster.startNode(others.get(0));
        Admin revived = cluster.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> revived.describeCluster().nodes().get().stream()
                .anyMatch(n -> n.id() == others.get(0)));
        assertThat(TestCluster.partition(revived, "unclean").leader()).isNull();

        Map<TopicPartition, Optional<Throwable>> outcome = revived.electLeaders(ElectionType.UNCLEAN, Set.of(tp)).partitions().get();

        assertThat(outcome).containsEntry(tp, Optional.empty());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TestCluster.partition(revived, "unclean").leader().id()).isEqualTo(others.get(0)));
        assertThat(TestCluster.partition(revived, "unclean").isr()).extracting(n -> n.id()).containsExactly(others.get(0));
        assertThat(revived.electLeaders(ElectionType.PREFERRED, Set.of(new TopicPartition("unclean", 7))).partitions().get())
                .hasEntrySatisfying(new TopicPartition("unclean", 7), e -> assertThat(e).isPresent());
    }
}
