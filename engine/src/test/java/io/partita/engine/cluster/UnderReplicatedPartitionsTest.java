package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A leader counts the partitions it leads whose ISR is smaller than their replica set (Kafka's
 * {@code UnderReplicatedPartitions}): a stopped follower makes them count, its return in sync ends it; the nodes
 * that do not lead count nothing.
 */
@Tag("cluster")
class UnderReplicatedPartitionsTest {

    @TempDir
    Path dir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aStoppedFollowerMakesItsLeadersPartitionsUnderReplicatedUntilItCatchesUp() throws Exception {
        cluster = TestCluster.start(dir, 2_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "watched", Map.of());
        int leader = TestCluster.partition(admin, "watched").leader().id();
        int follower = leader % TestCluster.SIZE + 1;
        int bystander = follower % TestCluster.SIZE + 1;
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(leader).underReplicatedPartitions() == 0);

        cluster.stopNode(follower);

        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.node(leader).underReplicatedPartitions() == 1);
        assertThat(cluster.node(bystander).underReplicatedPartitions()).as("a follower counts nothing").isZero();

        cluster.startNode(follower);

        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.node(leader).underReplicatedPartitions() == 0);
    }
}
