package io.partita.engine.group;

import io.partita.engine.it.TestNode;
import io.partita.engine.it.RawKafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static io.partita.engine.group.GroupTestClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Share groups on a real node: members heartbeat with ShareGroupHeartbeat over a socket (a real share consumer also
 * needs ShareFetch), and Kafka 4.4's admin client lists, describes and deletes the group as it would on Kafka; the
 * group is a record of {@code __consumer_offsets}, so a node started again on the same data directory has it.
 */
@Tag("slow")
class ShareGroupEndToEndTest {

    @RegisterExtension
    static final TestNode.PerClass node = new TestNode.PerClass(dir -> GroupTestClients.nodeSettings(dir, 0));
    private GroupTestClients clients;
    private Admin admin;
    private RawKafkaConnection connection;

    @BeforeEach
    void open() {
        clients = new GroupTestClients(node.clients());
        admin = clients.admin();
        connection = RawKafkaConnection.open(node.bootstrapServers());
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        clients.close();
    }

    @Test
    void theShareGroupApisAreAdvertisedAtTheVersionsKafka44Serves() {
        ApiVersionsResponse versions = (ApiVersionsResponse) connection.send(ApiKeys.API_VERSIONS, (short) 3,
                new ApiVersionsRequestData().setClientSoftwareName("partita-test").setClientSoftwareVersion("1"));

        Map<ApiKeys, List<Integer>> kafka44 = Map.of(ApiKeys.SHARE_GROUP_HEARTBEAT, List.of(1, 1),
                ApiKeys.SHARE_GROUP_DESCRIBE, List.of(1, 1), ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, List.of(0, 1),
                ApiKeys.ALTER_SHARE_GROUP_OFFSETS, List.of(0, 0), ApiKeys.DELETE_SHARE_GROUP_OFFSETS, List.of(0, 0));
        kafka44.forEach((api, range) -> assertThat(versions.apiVersion(api.id)).as("%s", api).satisfies(v -> {
            assertThat((int) v.minVersion()).isEqualTo(range.get(0));
            assertThat((int) v.maxVersion()).isEqualTo(range.get(1));
        }));
    }

    @Test
    void eightMembersOnTwoPartitionsShareThemFourToAPartitionAsTheAdminClientDescribes() throws Exception {
        String topic = clients.createTopic("share-8", 2);
        String group = "share-" + UUID.randomUUID();
        Map<String, Integer> epochs = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            ShareGroupHeartbeatResponseData joined = heartbeat(group, Uuid.randomUuid().toString(), 0, List.of(topic));
            assertThat(joined.errorCode()).isZero();
            epochs.put(joined.memberId(), joined.memberEpoch());
        }
        epochs.replaceAll((member, epoch) -> heartbeat(group, member, epoch, null).memberEpoch());

        ShareGroupDescription described = admin.describeShareGroups(List.of(group)).all().get().get(group);
        assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(described.groupEpoch()).isEqualTo(8);
        assertThat(described.targetAssignmentEpoch()).isEqualTo(8);
        assertThat(described.members()).hasSize(8).allSatisfy(m -> {
            assertThat(m.memberEpoch()).isEqualTo(8);
            assertThat(m.assignment().topicPartitions()).hasSize(1);
            assertThat(m.host()).isEqualTo("/127.0.0.1");
        });
        Map<TopicPartition, Integer> sharers = new HashMap<>();
        described.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> sharers.merge(tp, 1, Integer::sum)));
        assertThat(sharers).containsOnly(Map.entry(new TopicPartition(topic, 0), 4), Map.entry(new TopicPartition(topic, 1), 4));

        assertThat(admin.listGroups(ListGroupsOptions.forShareGroups()).all().get())
                .filteredOn(g -> g.groupId().equals(group)).singleElement().satisfies(g -> {
                    assertThat(g.type()).contains(GroupType.SHARE);
                    assertThat(g.groupState()).contains(GroupState.STABLE);
                });
        assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()).extracting(GroupListing::groupId)
                .doesNotContain(group);
    }

    @Test
    void aShareGroupIsDeletedOnlyOnceItsMembersLeft() throws Exception {
        String topic = clients.createTopic("share-delete", 1);
        String group = "share-" + UUID.randomUUID();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            members.add(heartbeat(group, Uuid.randomUuid().toString(), 0, List.of(topic)).memberId());
        }

        assertThatThrownBy(() -> admin.deleteShareGroups(List.of(group)).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
        for (String member : members) {
            assertThat(heartbeat(group, member, -1, null).memberEpoch()).isEqualTo(-1);
        }
        ShareGroupDescription empty = admin.describeShareGroups(List.of(group)).all().get().get(group);
        assertThat(empty.groupState()).isEqualTo(GroupState.EMPTY);
        assertThat(empty.members()).isEmpty();

        admin.deleteShareGroups(List.of(group)).all().get();
        assertThatThrownBy(() -> admin.describeShareGroups(List.of(group)).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void aShareGroupComesBackWithItsMembersEpochsAndAssignmentsAfterARestart(@TempDir Path dataDir) throws Exception {
        String group = "share-restarted";
        ShareGroupDescription before;
        Map<String, Integer> epochs = new LinkedHashMap<>();
        try (TestNode first = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients firstClients = new GroupTestClients(first.clients());
             RawKafkaConnection firstConnection = RawKafkaConnection.open(first.bootstrapServers())) {
            String topic = firstClients.createTopic("share-restart", 7);
            for (int i = 0; i < 3; i++) {
                ShareGroupHeartbeatResponseData joined = heartbeat(firstConnection, group, Uuid.randomUuid().toString(), 0, List.of(topic));
                epochs.put(joined.memberId(), joined.memberEpoch());
            }
            epochs.replaceAll((member, epoch) -> heartbeat(firstConnection, group, member, epoch, null).memberEpoch());
            before = firstClients.admin().describeShareGroups(List.of(group)).all().get().get(group);
        }

        try (TestNode second = TestNode.start(GroupTestClients.nodeSettings(dataDir, 0));
             GroupTestClients secondClients = new GroupTestClients(second.clients());
             RawKafkaConnection secondConnection = RawKafkaConnection.open(second.bootstrapServers())) {
            epochs.forEach((member, epoch) -> assertThat(heartbeat(secondConnection, group, member, epoch, null).errorCode())
                    .as("the member's epoch is still its own").isZero());
            ShareGroupDescription after = secondClients.admin().describeShareGroups(List.of(group)).all().get().get(group);
            assertThat(after.groupEpoch()).isEqualTo(before.groupEpoch());
            assertThat(after.targetAssignmentEpoch()).isEqualTo(before.targetAssignmentEpoch());
            assertThat(after.members()).containsExactlyInAnyOrderElementsOf(before.members());
            assertThat(after.members()).extracting(m -> m.assignment().topicPartitions().size()).containsExactlyInAnyOrder(3, 2, 2);
        }
    }

    private ShareGroupHeartbeatResponseData heartbeat(String group, String memberId, int epoch, List<String> topics) {
        return heartbeat(connection, group, memberId, epoch, topics);
    }

    /** A ShareGroupHeartbeat, sent once the group's coordinator is ready (the offsets topic exists and is loaded). */
    private static ShareGroupHeartbeatResponseData heartbeat(RawKafkaConnection connection, String group, String memberId,
                                                             int epoch, List<String> topics) {
        awaitCoordinator(connection, group);
        ShareGroupHeartbeatRequestData request = new ShareGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId)
                .setMemberEpoch(epoch).setSubscribedTopicNames(topics);
        return await("the coordinator answers").atMost(WAIT).until(
                () -> ((ShareGroupHeartbeatResponse) connection.send(ApiKeys.SHARE_GROUP_HEARTBEAT, (short) 1, request)).data(),
                r -> r.errorCode() != Errors.COORDINATOR_LOAD_IN_PROGRESS.code() && r.errorCode() != Errors.NOT_COORDINATOR.code());
    }

    private static void awaitCoordinator(RawKafkaConnection connection, String group) {
        await("the group's coordinator").atMost(WAIT).until(() -> ((FindCoordinatorResponse) connection.send(
                ApiKeys.FIND_COORDINATOR, (short) 4, new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group))))
                .data().coordinators().get(0).errorCode() == Errors.NONE.code());
    }
}
