package io.partita.engine.group;

import io.partita.engine.protocol.ApiHandler;
import io.partita.engine.protocol.ApiParts;
import io.partita.engine.protocol.KafkaApis;
import io.partita.engine.protocol.GroupTopics;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.partita.engine.group.ClassicGroupProtocolTest.bytes;
import static io.partita.engine.group.ClassicGroupProtocolTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group APIs at every version kafka-clients speaks: each request is serialized and parsed as on the wire,
 * handled by the node's group API handlers ({@link KafkaApis#handlers}) over a real coordinator, and its response serialized and parsed back as a client
 * would.
 */
class GroupApisWireTest {

    private static final Uuid TOPIC_ID = Uuid.fromString("x4rQfUrpRnSpnMqW8_Ctew");
    /** One topic, "t", with two partitions. */
    private static final GroupTopics TOPICS = new GroupTopics() {
        @Override
        public Uuid id(String name) {
            return name.equals("t") ? TOPIC_ID : null;
        }

        @Override
        public String name(Uuid id) {
            return id.equals(TOPIC_ID) ? "t" : null;
        }

        @Override
        public int partitionCount(String name) {
            return name.equals("t") ? 2 : 0;
        }

        @Override
        public Map<String, Integer> partitionCounts() {
            return Map.of("t", 2);
        }

        @Override
        public Node broker(int nodeId, String listenerName) {
            return null;
        }
    };

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final GroupCoordinator coordinator = LoadedCoordinators.loaded(
            GroupConfig.defaults().withInitialRebalanceDelayMs(0), scheduler);
    private final Map<ApiKeys, ApiHandler> handlers = KafkaApis.handlers(Set.of(ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP,
            ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
            ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE,
            ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.CONSUMER_GROUP_DESCRIBE, ApiKeys.SHARE_GROUP_HEARTBEAT,
            ApiKeys.SHARE_GROUP_DESCRIBE), new ApiParts().groups(coordinator, 7, listener -> new Node(7, "broker.example", 9093), TOPICS));

    @Test
    void findCoordinatorNamesThisNodeForGroupsAtEveryVersion() {
        for (short v = ApiKeys.FIND_COORDINATOR.oldestVersion(); v <= ApiKeys.FIND_COORDINATOR.latestVersion(); v++) {
            if (v < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
                FindCoordinatorResponseData r = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, v,
                        new FindCoordinatorRequestData().setKey("g"));
                assertThat(r.errorCode()).isZero();
                assertThat(r.nodeId()).isEqualTo(7);
                assertThat(r.host()).isEqualTo("broker.example");
                assertThat(r.port()).isEqualTo(9093);
            } else {
                FindCoordinatorResponseData r = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, v,
                        new FindCoordinatorRequestData().setCoordinatorKeys(List.of("g1", "g2")));
                assertThat(r.coordinators()).extracting(FindCoordinatorResponseData.Coordinator::key).containsExactly("g1", "g2");
                assertThat(r.coordinators()).allSatisfy(c -> {
                    assertThat(c.errorCode()).isZero();
                    assertThat(c.nodeId()).isEqualTo(7);
                    assertThat(c.port()).isEqualTo(9093);
                });
                FindCoordinatorResponseData txn = (FindCoordinatorResponseData) call(ApiKeys.FIND_COORDINATOR, v,
                        new FindCoordinatorRequestData().setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id())
                                .setCoordinatorKeys(List.of("tx")));
                assertThat(txn.coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
            }
        }
    }

    @Test
    void aMemberJoinsSyncsHeartbeatsAndLeavesAtEveryJoinGroupVersion() {
        for (short v = ApiKeys.JOIN_GROUP.oldestVersion(); v <= ApiKeys.JOIN_GROUP.latestVersion(); v++) {
            String group = "group-v" + v;
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setMemberId("")
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(20_000).setProtocolType("consumer");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(bytes("m")));
            JoinGroupResponseData joined = (JoinGroupResponseData) call(ApiKeys.JOIN_GROUP, v, join);
            if (v >= 4) {
                assertThat(Errors.forCode(joined.errorCode())).as("v%d", v).isEqualTo(Errors.MEMBER_ID_REQUIRED);
                join.setMemberId(joined.memberId());
                joined = (JoinGroupResponseData) call(ApiKeys.JOIN_GROUP, v, join);
            }
            assertThat(Errors.forCode(joined.errorCode())).as("v%d", v).isEqualTo(Errors.NONE);
            String memberId = joined.memberId();
            assertThat(memberId).startsWith("client-1-");
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.leader()).isEqualTo(memberId);
            assertThat(joined.protocolName()).isEqualTo("range");
            assertThat(joined.members()).singleElement().satisfies(m -> assertThat(text(m.metadata())).isEqualTo("m"));

            short syncVersion = (short) Math.min(v, ApiKeys.SYNC_GROUP.latestVersion());
            SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setGenerationId(1).setMemberId(memberId)
                    .setProtocolType("consumer").setProtocolName("range");
            sync.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId).setAssignment(bytes("a")));
            SyncGroupResponseData synced = (SyncGroupResponseData) call(ApiKeys.SYNC_GROUP, syncVersion, sync);
            assertThat(synced.errorCode()).isZero();
            assertThat(text(synced.assignment())).isEqualTo("a");

            short heartbeatVersion = (short) Math.min(v, ApiKeys.HEARTBEAT.latestVersion());
            HeartbeatResponseData beat = (HeartbeatResponseData) call(ApiKeys.HEARTBEAT, heartbeatVersion,
                    new HeartbeatRequestData().setGroupId(group).setGenerationId(1).setMemberId(memberId));
            assertThat(beat.errorCode()).isZero();

            DescribeGroupsResponseData described = (DescribeGroupsResponseData) call(ApiKeys.DESCRIBE_GROUPS,
                    (short) Math.min(v, ApiKeys.DESCRIBE_GROUPS.latestVersion()), new DescribeGroupsRequestData().setGroups(List.of(group)));
            assertThat(described.groups()).singleElement().satisfies(d -> {
                assertThat(d.groupState()).isEqualTo("Stable");
                assertThat(d.protocolData()).isEqualTo("range");
                assertThat(d.members()).singleElement().satisfies(m -> {
                    assertThat(m.clientId()).isEqualTo("client-1");
                    assertThat(m.clientHost()).isEqualTo(InetAddress.getLoopbackAddress().toString());
                    assertThat(text(m.memberAssignment())).isEqualTo("a");
                });
            });

            short leaveVersion = (short) Math.min(v, ApiKeys.LEAVE_GROUP.latestVersion());
            LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
            if (leaveVersion < 3) {
                leave.setMemberId(memberId);
            } else {
                leave.members().add(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId));
                leave.members().add(new LeaveGroupRequestData.MemberIdentity().setMemberId("gone"));
            }
            LeaveGroupResponseData left = (LeaveGroupResponseData) call(ApiKeys.LEAVE_GROUP, leaveVersion, leave);
            assertThat(left.errorCode()).isZero();
            if (leaveVersion >= 3) {
                assertThat(left.members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                        .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
            }
        }
    }

    @Test
    void offsetsCommittedAtOneVersionAreFetchedAtEveryVersion() {
        for (short v = ApiKeys.OFFSET_COMMIT.oldestVersion(); v <= ApiKeys.OFFSET_COMMIT.latestVersion(); v++) {
            String group = "offsets-v" + v;
            OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId(group);
            OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                    .setName("t").setTopicId(TOPIC_ID);
            topic.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                    .setCommittedOffset(42).setCommittedLeaderEpoch(3).setCommittedMetadata("meta"));
            topic.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(2).setCommittedOffset(1));
            commit.topics().add(topic);
            commit.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("missing").setTopicId(Uuid.randomUuid())
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1))));
            OffsetCommitResponseData committed = (OffsetCommitResponseData) call(ApiKeys.OFFSET_COMMIT, v, commit);
            assertThat(committed.topics().get(0).partitions()).extracting(OffsetCommitResponseData.OffsetCommitResponsePartition::errorCode)
                    .as("v%d", v).containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            Errors unknownTopic = v >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            assertThat(committed.topics().get(1).partitions().get(0).errorCode()).isEqualTo(unknownTopic.code());

            for (short f = ApiKeys.OFFSET_FETCH.oldestVersion(); f <= ApiKeys.OFFSET_FETCH.latestVersion(); f++) {
                assertFetched(group, v >= 6 ? 3 : -1, f);
            }
        }
    }

    private void assertFetched(String group, int committedEpoch, short version) {
        if (version < 8) {
            OffsetFetchRequestData fetch = new OffsetFetchRequestData().setGroupId(group).setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("t").setPartitionIndexes(List.of(0, 1))));
            OffsetFetchResponseData r = (OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, version, fetch);
            assertThat(r.topics()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("t");
                assertThat(t.partitions()).extracting(OffsetFetchResponseData.OffsetFetchResponsePartition::committedOffset)
                        .as("v%d", version).containsExactly(42L, -1L);
                assertThat(t.partitions().get(0).metadata()).isEqualTo("meta");
                assertThat(t.partitions().get(0).committedLeaderEpoch()).isEqualTo(version >= 5 ? committedEpoch : -1);
            });
            if (version >= 2) {
                OffsetFetchResponseData all = (OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, version,
                        new OffsetFetchRequestData().setGroupId(group).setTopics(null));
                assertThat(all.topics()).singleElement().satisfies(t -> assertThat(t.partitions()).hasSize(1));
            }
            return;
        }
        boolean byId = version >= 10;
        OffsetFetchRequestData fetch = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(byId ? "" : "t")
                                .setTopicId(byId ? TOPIC_ID : Uuid.ZERO_UUID).setPartitionIndexes(List.of(0, 1)))),
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("nobody").setTopics(null)));
        OffsetFetchResponseData r = (OffsetFetchResponseData) call(ApiKeys.OFFSET_FETCH, version, fetch);
        assertThat(r.groups()).extracting(OffsetFetchResponseData.OffsetFetchResponseGroup::groupId).containsExactly(group, "nobody");
        assertThat(r.groups().get(0).topics()).singleElement().satisfies(t -> {
            if (byId) {
                assertThat(t.topicId()).isEqualTo(TOPIC_ID);
            } else {
                assertThat(t.name()).isEqualTo("t");
            }
            assertThat(t.partitions()).extracting(OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset)
                    .as("v%d", version).containsExactly(42L, -1L);
            assertThat(t.partitions().get(0).committedLeaderEpoch()).isEqualTo(committedEpoch);
        });
        assertThat(r.groups().get(1).topics()).isEmpty();
    }

    @Test
    void groupsAreListedAndUnknownGroupsDescribedAtEveryVersion() {
        call(ApiKeys.OFFSET_COMMIT, (short) 9, new OffsetCommitRequestData().setGroupId("simple").setTopics(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1))))));
        for (short v = ApiKeys.LIST_GROUPS.oldestVersion(); v <= ApiKeys.LIST_GROUPS.latestVersion(); v++) {
            ListGroupsResponseData r = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, v, new ListGroupsRequestData());
            short version = v;
            assertThat(r.groups()).singleElement().satisfies(g -> {
                assertThat(g.groupId()).isEqualTo("simple");
                if (version >= 4) {
                    assertThat(g.groupState()).isEqualTo("Empty");
                }
                if (version >= 5) {
                    assertThat(g.groupType()).isEqualTo("classic");
                }
            });
        }
        ListGroupsResponseData stable = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, (short) 5,
                new ListGroupsRequestData().setStatesFilter(List.of("Stable")));
        assertThat(stable.groups()).isEmpty();
        ListGroupsResponseData consumerType = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, (short) 5,
                new ListGroupsRequestData().setTypesFilter(List.of("consumer")));
        assertThat(consumerType.groups()).isEmpty();

        for (short v = ApiKeys.DESCRIBE_GROUPS.oldestVersion(); v <= ApiKeys.DESCRIBE_GROUPS.latestVersion(); v++) {
            DescribeGroupsResponseData r = (DescribeGroupsResponseData) call(ApiKeys.DESCRIBE_GROUPS, v,
                    new DescribeGroupsRequestData().setGroups(List.of("unknown")).setIncludeAuthorizedOperations(v >= 3));
            short version = v;
            assertThat(r.groups()).singleElement().satisfies(g -> {
                assertThat(g.groupState()).isEqualTo("Dead");
                assertThat(Errors.forCode(g.errorCode())).isEqualTo(version >= 6 ? Errors.GROUP_ID_NOT_FOUND : Errors.NONE);
            });
        }
    }

    /** Sends {@code data} as a request of the given version, runs the coordinator, returns the parsed response. */
    @Test
    void consumerGroupHeartbeatsOfTheWrongFormAreRefusedWithKafkasMessages() {
        ConsumerGroupHeartbeatRequestData join = new ConsumerGroupHeartbeatRequestData().setGroupId("cg")
                .setMemberId("m1").setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of());
        Map<String, ConsumerGroupHeartbeatRequestData> invalid = Map.of(
                "MemberId can't be empty.", join.duplicate().setMemberId(""),
                "GroupId can't be empty.", join.duplicate().setGroupId(""),
                "RebalanceTimeoutMs must be provided in first request.", join.duplicate().setRebalanceTimeoutMs(-1),
                "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.", join.duplicate().setSubscribedTopicNames(null),
                "InstanceId can't be null.", join.duplicate().setMemberEpoch(-2),
                "MemberEpoch is invalid.", join.duplicate().setMemberEpoch(-3));
        invalid.forEach((message, request) -> {
            ConsumerGroupHeartbeatResponseData r = (ConsumerGroupHeartbeatResponseData) call(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 1, request);
            assertThat(Errors.forCode(r.errorCode())).as(message).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(r.errorMessage()).isEqualTo(message);
        });
    }

    /** Kafka 4.4's answers, measured: an empty member id is refused without a message. */
    @Test
    void shareGroupHeartbeatsOfTheWrongFormAreRefusedWithKafkasMessages() {
        ShareGroupHeartbeatRequestData join = new ShareGroupHeartbeatRequestData().setGroupId("sg").setMemberId("m1")
                .setMemberEpoch(0).setSubscribedTopicNames(List.of("t"));
        Map<String, ShareGroupHeartbeatRequestData> invalid = Map.of(
                "GroupId can't be empty.", join.duplicate().setGroupId(""),
                "RackId can't be empty.", join.duplicate().setRackId(""),
                "SubscribedTopicNames must be set in first request.", join.duplicate().setSubscribedTopicNames(List.of()),
                "MemberEpoch is invalid.", join.duplicate().setMemberEpoch(-2));
        invalid.forEach((message, request) -> {
            ShareGroupHeartbeatResponseData r = (ShareGroupHeartbeatResponseData) call(ApiKeys.SHARE_GROUP_HEARTBEAT, (short) 1, request);
            assertThat(Errors.forCode(r.errorCode())).as(message).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(r.errorMessage()).isEqualTo(message);
        });
        ShareGroupHeartbeatResponseData noMember = (ShareGroupHeartbeatResponseData) call(ApiKeys.SHARE_GROUP_HEARTBEAT,
                (short) 1, join.duplicate().setMemberId(""));
        assertThat(Errors.forCode(noMember.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(noMember.errorMessage()).isNull();
    }

    @Test
    void aShareGroupMemberIsAssignedByTopicIdAndDescribedAsKafkaDoes() {
        ShareGroupHeartbeatResponseData joined = (ShareGroupHeartbeatResponseData) call(ApiKeys.SHARE_GROUP_HEARTBEAT, (short) 1,
                new ShareGroupHeartbeatRequestData().setGroupId("sg").setMemberId("m1").setMemberEpoch(0)
                        .setSubscribedTopicNames(List.of("t")));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.assignment().topicPartitions()).singleElement().satisfies(tp -> {
            assertThat(tp.topicId()).isEqualTo(TOPIC_ID);
            assertThat(tp.partitions()).containsExactly(0, 1);
        });

        ShareGroupDescribeResponseData described = (ShareGroupDescribeResponseData) call(ApiKeys.SHARE_GROUP_DESCRIBE,
                (short) 1, new ShareGroupDescribeRequestData().setGroupIds(List.of("sg", "nope")).setIncludeAuthorizedOperations(true));
        assertThat(described.groups().get(0).members()).singleElement().satisfies(m -> {
            assertThat(m.subscribedTopicNames()).containsExactly("t");
            assertThat(m.assignment().topicPartitions()).singleElement().satisfies(tp -> assertThat(tp.topicName()).isEqualTo("t"));
        });
        assertThat(described.groups().get(0).authorizedOperations()).isNotEqualTo(Integer.MIN_VALUE);
        assertThat(described.groups().get(1).errorMessage()).isEqualTo("Group nope not found.");
        assertThat(described.groups().get(1).authorizedOperations()).as("as Kafka, none for a group not described")
                .isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void aConsumerProtocolMemberIsAssignedByTopicIdAndDescribedAsKafkaDoes() {
        ConsumerGroupHeartbeatResponseData joined = (ConsumerGroupHeartbeatResponseData) call(ApiKeys.CONSUMER_GROUP_HEARTBEAT,
                (short) 1, new ConsumerGroupHeartbeatRequestData().setGroupId("cg").setMemberId("m1").setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of()));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(joined.assignment().topicPartitions()).singleElement().satisfies(tp -> {
            assertThat(tp.topicId()).isEqualTo(TOPIC_ID);
            assertThat(tp.partitions()).containsExactly(0, 1);
        });
        ConsumerGroupHeartbeatResponseData v0 = (ConsumerGroupHeartbeatResponseData) call(ApiKeys.CONSUMER_GROUP_HEARTBEAT,
                (short) 0, new ConsumerGroupHeartbeatRequestData().setGroupId("cg").setMemberId("").setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of()));
        assertThat(v0.memberId()).as("a v0 member is given its id").hasSize(22);

        ConsumerGroupDescribeResponseData described = (ConsumerGroupDescribeResponseData) call(ApiKeys.CONSUMER_GROUP_DESCRIBE,
                (short) 1, new ConsumerGroupDescribeRequestData().setGroupIds(List.of("cg", "nope")));
        assertThat(described.groups().get(0).groupState()).isEqualTo("Reconciling");
        assertThat(described.groups().get(0).assignorName()).isEqualTo("uniform");
        assertThat(described.groups().get(0).members()).extracting(ConsumerGroupDescribeResponseData.Member::memberType)
                .containsOnly((byte) 1);
        assertThat(described.groups().get(0).members().get(0).assignment().topicPartitions().get(0).topicName()).isEqualTo("t");
        assertThat(described.groups().get(1).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(described.groups().get(1).errorMessage()).isEqualTo("Group nope not found.");

        DescribeGroupsResponseData classic = (DescribeGroupsResponseData) call(ApiKeys.DESCRIBE_GROUPS, (short) 6,
                new DescribeGroupsRequestData().setGroups(List.of("cg")));
        assertThat(classic.groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(classic.groups().get(0).errorMessage()).isEqualTo("Group cg is not a classic group.");
        assertThat(classic.groups().get(0).groupState()).isEqualTo("Dead");

        ListGroupsResponseData consumers = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, (short) 5,
                new ListGroupsRequestData().setTypesFilter(List.of("consumer")));
        assertThat(consumers.groups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo("cg");
            assertThat(g.groupType()).isEqualTo("consumer");
            assertThat(g.protocolType()).isEqualTo("consumer");
            assertThat(g.groupState()).isEqualTo("Reconciling");
        });
        ListGroupsResponseData classics = (ListGroupsResponseData) call(ApiKeys.LIST_GROUPS, (short) 5,
                new ListGroupsRequestData().setTypesFilter(List.of("classic")));
        assertThat(classics.groups()).isEmpty();
    }

    private ApiMessage call(ApiKeys api, short version, ApiMessage data) {
        ByteBuffer requestBytes = MessageUtil.toByteBufferAccessor(data, version).buffer();
        AbstractRequest request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(requestBytes)).request;
        RequestContext context = new RequestContext(new RequestHeader(api, version, "client-1", 1), "connection-1",
                InetAddress.getLoopbackAddress(), KafkaPrincipal.ANONYMOUS, ListenerName.normalised("PLAINTEXT"),
                SecurityProtocol.PLAINTEXT, ClientInformation.EMPTY, false);
        CompletableFuture<AbstractResponse> response = handlers.get(api).handle(context, request);
        scheduler.runDue();
        assertThat(response).isDone();
        ByteBuffer responseBytes = MessageUtil.toByteBufferAccessor(response.join().data(), version).buffer();
        return AbstractResponse.parseResponse(api, new ByteBufferAccessor(responseBytes), version).data();
    }
}
