package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Nodes 1 and 3 on rack "a", node 2 on rack "b": new partitions always get one replica on each rack. */
@Tag("cluster")
class RackAwarePlacementClusterTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void newTopicsAndPartitionsSpanBothRacksWithLeadersSpread() throws Exception {
        TestCluster cluster = clusters.start(30_000, (id, config) -> config.with(NodeConfig.BROKER_RACK, id == 2 ? "b" : "a"));
        Admin admin = cluster.admin();
        assertThat(admin.describeCluster().nodes().get()).extracting(Node::id, Node::rack)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "a"), org.assertj.core.groups.Tuple.tuple(2, "b"),
                        org.assertj.core.groups.Tuple.tuple(3, "a"));

        admin.createTopics(List.of(new NewTopic("racked", 6, (short) 2))).all().get();
        admin.createPartitions(Map.of("racked", NewPartitions.increaseTo(9))).all().get();

        // Every node learns of the new partitions through its entry listener; Admin may ask any of them.
        await().atMost(Duration.ofSeconds(15)).until(() -> describe(admin).partitions().size() == 9);
        TopicDescription d = describe(admin);
        assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas().stream().map(Node::rack)
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("a", "b"));
        Map<Integer, Integer> leaders = new HashMap<>();
        for (TopicPartitionInfo p : d.partitions()) leaders.merge(p.leader().id(), 1, Integer::sum);
        assertThat(leaders).containsOnlyKeys(1, 2, 3).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("racked")).allTopicNames().get().get("racked");
    }
}
