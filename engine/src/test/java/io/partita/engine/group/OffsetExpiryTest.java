package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.log.MutableClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code offsets.retention.minutes} on a node that drives its own schedule (offset expiry every
 * {@code offsets.retention.check.interval.ms}): once the node's clock is past the retention, the offsets of a group
 * without members are deleted by tombstones (so they stay deleted after a restart) and the group disappears, while
 * a group with a live member keeps its offsets.
 */
@Tag("slow")
class OffsetExpiryTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path dataDir;
    private final MutableClock clock = MutableClock.aheadOfSystemTime();
    private final Map<String, Object> settings = Map.of(NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0,
            NodeConfig.OFFSETS_RETENTION_MINUTES, 1, NodeConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS, 200);

    @Test
    void offsetsOfAGroupWithoutMembersExpireAndStayExpired() throws Exception {
        TopicPartition tp;
        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, settings), clock);
             GroupTestClients clients = new GroupTestClients(node.clients())) {
            String topic = clients.createTopic("expiry", 1);
            tp = new TopicPartition(topic, 0);
            clients.produce(topic, 1, 5);
            Admin admin = clients.admin();
            admin.alterConsumerGroupOffsets("abandoned", Map.of(tp, new OffsetAndMetadata(3))).all().get();
            KafkaConsumer<String, String> member = clients.consumer("active");
            member.subscribe(List.of(topic));
            await("the active group's member reads and commits").atMost(WAIT).until(() -> {
                member.poll(Duration.ofMillis(100));
                return member.assignment().contains(tp);
            });
            member.commitSync(Map.of(tp, new OffsetAndMetadata(4)));

            clock.advance(Duration.ofMinutes(2));

            await("the abandoned group is gone").atMost(WAIT).until(() -> {
                member.poll(Duration.ofMillis(100));
                return admin.listGroups(new ListGroupsOptions()).all().get().stream().map(GroupListing::groupId)
                        .noneMatch("abandoned"::equals);
            });
            assertThat(admin.listConsumerGroupOffsets("abandoned").partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThat(admin.listConsumerGroupOffsets("active").partitionsToOffsetAndMetadata().get())
                    .containsOnly(Map.entry(tp, new OffsetAndMetadata(4)));
        }

        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, settings), clock);
             GroupTestClients clients = new GroupTestClients(node.clients())) {
            Admin admin = clients.admin();
            assertThat(admin.listConsumerGroupOffsets("abandoned").partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThat(admin.listConsumerGroupOffsets("active").partitionsToOffsetAndMetadata().get())
                    .containsOnly(Map.entry(tp, new OffsetAndMetadata(4)));
        }
    }
}
