package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.partita.engine.group.GroupTestClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Committed offsets and groups are records of {@code __consumer_offsets}: a node stopped and started again on the
 * same data directory (with a fresh Hazelcast member) answers the same offsets, metadata and leader epochs, and
 * consumers of either group protocol resume from them; a consumer-protocol group comes back with its members, epochs
 * and assignments; deleted groups and offsets stay deleted.
 */
@Tag("slow")
class OffsetsSurviveRestartTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void offsetsCommittedSyncAsyncAndAutomaticallySurviveARestart(GroupProtocol protocol) throws Exception {
        String topic;
        TopicPartition tp0;
        TopicPartition tp1;
        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients clients = new GroupTestClients(node.clients(), protocol)) {
            topic = clients.createTopic("restart", 2);
            tp0 = new TopicPartition(topic, 0);
            tp1 = new TopicPartition(topic, 1);
            clients.produce(topic, 2, 20);

            KafkaConsumer<String, String> sync = clients.consumer("sync");
            sync.subscribe(List.of(topic));
            pollUntil(sync, 20);
            sync.commitSync(Map.of(tp0, new OffsetAndMetadata(6, Optional.of(0), "six"),
                    tp1, new OffsetAndMetadata(4, Optional.empty(), "")));

            KafkaConsumer<String, String> async = clients.consumer("async");
            async.assign(List.of(tp0, tp1));
            pollUntil(async, 20);
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> asyncDone = new CompletableFuture<>();
            async.commitAsync((offsets, failure) -> {
                if (failure == null) {
                    asyncDone.complete(offsets);
                } else {
                    asyncDone.completeExceptionally(failure);
                }
            });
            await("the asynchronous commit").atMost(WAIT).until(() -> {
                async.poll(Duration.ofMillis(50));
                return asyncDone.isDone();
            });
            assertThat(asyncDone.get()).containsOnlyKeys(tp0, tp1);

            KafkaConsumer<String, String> auto = clients.consumer("auto", Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true, ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100));
            auto.subscribe(List.of(topic));
            pollUntil(auto, 20);
            Admin admin = clients.admin();
            await("the automatic commit of everything read").atMost(WAIT).until(() -> {
                auto.poll(Duration.ofMillis(50));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("auto")
                        .partitionsToOffsetAndMetadata().get();
                return committed.size() == 2 && committed.values().stream().allMatch(o -> o.offset() == 10);
            });
        }
        assertThat(Files.isDirectory(dataDir.resolve(Topic.GROUP_METADATA_TOPIC_NAME + "-" + partitionOf("sync"))))
                .as("the group's partition of the offsets topic").isTrue();

        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients clients = new GroupTestClients(node.clients(), protocol)) {
            Admin admin = clients.admin();
            Map<TopicPartition, OffsetAndMetadata> sync = admin.listConsumerGroupOffsets("sync").partitionsToOffsetAndMetadata().get();
            assertThat(sync).containsOnly(Map.entry(tp0, new OffsetAndMetadata(6, Optional.of(0), "six")),
                    Map.entry(tp1, new OffsetAndMetadata(4, Optional.empty(), "")));
            assertThat(admin.listConsumerGroupOffsets("async").partitionsToOffsetAndMetadata().get().values())
                    .extracting(OffsetAndMetadata::offset).containsExactly(10L, 10L);
            assertThat(admin.listConsumerGroupOffsets("auto").partitionsToOffsetAndMetadata().get().values())
                    .extracting(OffsetAndMetadata::offset).containsExactly(10L, 10L);

            ConsumerGroupDescription described = admin.describeConsumerGroups(List.of("sync")).all().get().get("sync");
            assertThat(described.groupState()).isEqualTo(GroupState.EMPTY);
            assertThat(described.type()).isEqualTo(protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER);
            assertThat(admin.listGroups(new ListGroupsOptions()).all().get()).extracting(GroupListing::groupId)
                    .contains("sync", "async", "auto");

            KafkaConsumer<String, String> resumed = clients.consumer("sync");
            resumed.subscribe(List.of(topic));
            List<String> rest = pollUntil(resumed, 10 - 6 + 10 - 4);
            assertThat(rest).containsExactlyInAnyOrder("v12", "v14", "v16", "v18", "v9", "v11", "v13", "v15", "v17", "v19");
        }
    }

    @Test
    void aConsumerGroupComesBackWithItsMembersEpochsAndAssignmentsUntilTheirSessionsEnd() throws Exception {
        ConsumerGroupDescription before;
        TestNode first = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
        GroupTestClients firstClients = new GroupTestClients(first.clients(), GroupProtocol.CONSUMER);
        KafkaConsumer<String, String> live = firstClients.consumer("live");
        try {
            String topic = firstClients.createTopic("live", 2);
            Admin admin = firstClients.admin();
            live.subscribe(List.of(topic));
            await("the member owns both partitions and the group is stable").atMost(WAIT).ignoreExceptions().until(() -> {
                live.poll(Duration.ofMillis(50));
                return live.assignment().size() == 2
                        && admin.describeConsumerGroups(List.of("live")).all().get().get("live").groupState() == GroupState.STABLE;
            });
            before = admin.describeConsumerGroups(List.of("live")).all().get().get("live");
        } finally {
            // The node goes first, so that the member cannot leave: it is still a member when the node comes back.
            first.close();
            firstClients.abandon(live);
            firstClients.close();
        }

        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients clients = new GroupTestClients(node.clients(), GroupProtocol.CONSUMER)) {
            Admin admin = clients.admin();
            ConsumerGroupDescription after = admin.describeConsumerGroups(List.of("live")).all().get().get("live");
            assertThat(after.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(after.groupEpoch()).isEqualTo(before.groupEpoch());
            assertThat(after.targetAssignmentEpoch()).isEqualTo(before.targetAssignmentEpoch());
            assertThat(after.members()).singleElement().satisfies(m -> {
                MemberDescription was = before.members().iterator().next();
                assertThat(m.consumerId()).isEqualTo(was.consumerId());
                assertThat(m.memberEpoch()).isEqualTo(was.memberEpoch());
                assertThat(m.assignment().topicPartitions()).hasSize(2).isEqualTo(was.assignment().topicPartitions());
            });
            await("the member that never came back is removed when its session ends").atMost(WAIT).until(() ->
                    admin.describeConsumerGroups(List.of("live")).all().get().get("live").groupState() == GroupState.EMPTY);
        }
    }

    @Test
    void deletedGroupsAndOffsetsStayDeletedAfterARestart() throws Exception {
        TopicPartition tp0;
        TopicPartition tp1;
        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients clients = new GroupTestClients(node.clients())) {
            String topic = clients.createTopic("tombstones", 2);
            tp0 = new TopicPartition(topic, 0);
            tp1 = new TopicPartition(topic, 1);
            Admin admin = clients.admin();
            for (String group : List.of("doomed", "trimmed")) {
                admin.alterConsumerGroupOffsets(group, Map.of(tp0, new OffsetAndMetadata(1), tp1, new OffsetAndMetadata(2))).all().get();
            }
            admin.deleteConsumerGroups(List.of("doomed")).all().get();
            admin.deleteConsumerGroupOffsets("trimmed", Set.of(tp0)).all().get();
        }

        try (TestNode node = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients clients = new GroupTestClients(node.clients())) {
            Admin admin = clients.admin();
            assertThat(admin.listGroups(new ListGroupsOptions()).all().get()).extracting(GroupListing::groupId)
                    .contains("trimmed").doesNotContain("doomed");
            assertThat(admin.listConsumerGroupOffsets("doomed").partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThat(admin.listConsumerGroupOffsets("trimmed").partitionsToOffsetAndMetadata().get())
                    .containsOnly(Map.entry(tp1, new OffsetAndMetadata(2)));
        }
    }

    private static int partitionOf(String groupId) {
        return OffsetsTopicStore.partitionFor(groupId, 50);
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await("reading " + count + " records").atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            return values.size() >= count;
        });
        return values;
    }
}
