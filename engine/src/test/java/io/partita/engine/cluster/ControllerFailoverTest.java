package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controller role and leader election across three nodes, each with its own Hazelcast member. */
@Tag("cluster")
class ControllerFailoverTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void anotherNodeTakesTheControllerRoleWithAHigherEpochWhenTheControllerCloses() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.activeControllers().size() == 1);
        Map.Entry<Integer, Integer> first = cluster.activeControllers().entrySet().iterator().next();
        Admin admin = cluster.admin();
        assertThat(admin.describeCluster().controller().get().id()).isEqualTo(first.getKey());

        cluster.stopNode(first.getKey());

        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.activeControllers().size() == 1
                && !cluster.activeControllers().containsKey(first.getKey()));
        Map.Entry<Integer, Integer> second = cluster.activeControllers().entrySet().iterator().next();
        assertThat(second.getValue()).isGreaterThan(first.getValue());
        Admin survivorAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(survivorAdmin.describeCluster().controller().get().id()).isEqualTo(second.getKey()));
    }

    @Test
    void aNewLeaderIsElectedFromTheIsrWithAHigherEpochWhenTheLeaderCloses() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "elect", Map.of());
        TopicPartitionInfo before = TestCluster.partition(admin, "elect");
        int oldLeader = before.leader().id();
        int oldEpoch = cluster.leaderEpoch("elect", 0);

        cluster.stopNode(oldLeader);

        Admin survivorAdmin = cluster.admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TopicPartitionInfo now = TestCluster.partition(survivorAdmin, "elect");
            assertThat(now.leader()).isNotNull();
            assertThat(now.leader().id()).isNotEqualTo(oldLeader);
            assertThat(now.isr()).extracting(n -> n.id()).doesNotContain(oldLeader).hasSize(2);
        });
        assertThat(cluster.leaderEpoch("elect", 0)).isGreaterThan(oldEpoch);
    }
}
