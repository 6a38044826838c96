package io.partita.engine.it;

import io.partita.engine.it.ApiFixture.Member;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

import java.util.List;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Requests of the group coordinator: classic, consumer-protocol (KIP-848) and share groups (KIP-932) and their
 * offsets. Members are made anew for each request (static where the version can say so), in groups of their own, so
 * that each answer describes a live member and no session runs out while other APIs are tried.
 */
final class GroupApiRequests {

    /** The first version of JoinGroup with group instance ids (static members). */
    private static final short JOIN_STATIC_SINCE = 5;
    /** The first version of SyncGroup, Heartbeat and LeaveGroup with group instance ids. */
    private static final short SYNC_STATIC_SINCE = 3;
    private static final short OFFSET_FETCH_BATCHED_SINCE = 8;

    private GroupApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.ofEntries(
                entry(ApiKeys.FIND_COORDINATOR, ApiRequests.of((f, v) -> v == 0
                        ? new FindCoordinatorRequestData().setKey(f.group)
                        : transactionCoordinator(f.openTransactionalId, v))),
                // Kafka makes a dynamic member that joins at v4 ask again with the member id it answers
                entry(ApiKeys.JOIN_GROUP, ApiRequests.of((f, v) -> f.joinRequest(Topics.uniqueName("joined"),
                        v >= JOIN_STATIC_SINCE ? "instance" : null).setReason(v >= 8 ? "versions test" : null), Errors.MEMBER_ID_REQUIRED)),
                entry(ApiKeys.SYNC_GROUP, ApiRequests.of((f, v) -> f.syncRequest(f.joined(Topics.uniqueName("synced"), instance(v))))),
                entry(ApiKeys.HEARTBEAT, ApiRequests.of((f, v) -> {
                    Member m = f.synced(Topics.uniqueName("beating"), instance(v));
                    return new HeartbeatRequestData().setGroupId(m.groupId()).setMemberId(m.memberId())
                            .setGenerationId(m.generation()).setGroupInstanceId(m.instanceId());
                })),
                entry(ApiKeys.LEAVE_GROUP, ApiRequests.of((f, v) -> {
                    Member m = f.synced(Topics.uniqueName("leaving"), instance(v));
                    LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(m.groupId());
                    return v < 3 ? leave.setMemberId(m.memberId()) : leave.setMembers(List.of(new MemberIdentity()
                            .setMemberId(m.memberId()).setGroupInstanceId(m.instanceId()).setReason("versions test")));
                })),
                entry(ApiKeys.OFFSET_COMMIT, ApiRequests.of((f, v) -> new OffsetCommitRequestData()
                        .setGroupId(Topics.uniqueName("committed")).setTopics(List.of(new OffsetCommitRequestTopic()
                                .setName(f.topic).setTopicId(f.topicId).setPartitions(List.of(new OffsetCommitRequestPartition()
                                        .setPartitionIndex(0).setCommittedOffset(3).setCommittedLeaderEpoch(0)
                                        .setCommittedMetadata("v" + v))))))),
                entry(ApiKeys.OFFSET_FETCH, ApiRequests.of((f, v) -> v < OFFSET_FETCH_BATCHED_SINCE
                        ? new OffsetFetchRequestData().setGroupId(f.group).setRequireStable(v >= 7)
                                .setTopics(List.of(new OffsetFetchRequestTopic().setName(f.topic).setPartitionIndexes(List.of(0, 1))))
                        : new OffsetFetchRequestData().setRequireStable(true).setGroups(List.of(new OffsetFetchRequestGroup()
                                .setGroupId(f.group).setTopics(List.of(new OffsetFetchRequestTopics().setName(f.topic)
                                        .setTopicId(f.topicId).setPartitionIndexes(List.of(0, 1)))))))),
                entry(ApiKeys.LIST_GROUPS, ApiRequests.of((f, v) -> new ListGroupsRequestData())),
                entry(ApiKeys.DESCRIBE_GROUPS, ApiRequests.of((f, v) -> new DescribeGroupsRequestData()
                        .setGroups(List.of(f.group, f.synced(Topics.uniqueName("described"), "instance").groupId()))
                        .setIncludeAuthorizedOperations(v >= 3))),
                entry(ApiKeys.DELETE_GROUPS, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("deleted-group");
                    f.commitOffsets(group);
                    return new DeleteGroupsRequestData().setGroupsNames(List.of(group));
                })),
                entry(ApiKeys.OFFSET_DELETE, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("offsets-deleted");
                    f.commitOffsets(group);
                    return new OffsetDeleteRequestData().setGroupId(group).setTopics(new OffsetDeleteRequestTopicCollection(
                            List.of(new OffsetDeleteRequestTopic().setName(f.topic)
                                    .setPartitions(List.of(new OffsetDeleteRequestPartition().setPartitionIndex(0)))).iterator()));
                })),
                // from v1 the member makes up its id (KIP-1082)
                entry(ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiRequests.of((f, v) -> f.consumerJoinRequest(
                        Topics.uniqueName("consumer-group"), v >= 1 ? Uuid.randomUuid().toString() : ""))),
                entry(ApiKeys.CONSUMER_GROUP_DESCRIBE, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("consumer-group-described");
                    f.consumerGroup(group);
                    return new ConsumerGroupDescribeRequestData().setGroupIds(List.of(group)).setIncludeAuthorizedOperations(true);
                })),
                entry(ApiKeys.SHARE_GROUP_HEARTBEAT, ApiRequests.of((f, v) -> f.shareJoinRequest(Topics.uniqueName("share-group")))),
                entry(ApiKeys.SHARE_GROUP_DESCRIBE, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("share-group-described");
                    f.shareGroup(group);
                    return new ShareGroupDescribeRequestData().setGroupIds(List.of(group)).setIncludeAuthorizedOperations(true);
                })),
                // the share group offsets of kafka-share-groups.sh: all of a group's, and of named partitions
                entry(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("share-offsets-described");
                    f.resetShareGroup(group);
                    return new DescribeShareGroupOffsetsRequestData().setGroups(List.of(
                            new DescribeShareGroupOffsetsRequestGroup().setGroupId(group).setTopics(null),
                            new DescribeShareGroupOffsetsRequestGroup().setGroupId(group).setTopics(List.of(
                                    new DescribeShareGroupOffsetsRequestTopic().setTopicName(f.topic).setPartitions(List.of(0, 1))))));
                })),
                entry(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, ApiRequests.of((f, v) ->
                        f.shareOffsetsReset(Topics.uniqueName("share-offsets-reset")))),
                entry(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, ApiRequests.of((f, v) -> {
                    String group = Topics.uniqueName("share-offsets-deleted");
                    f.resetShareGroup(group);
                    return new DeleteShareGroupOffsetsRequestData().setGroupId(group).setTopics(List.of(
                            new DeleteShareGroupOffsetsRequestTopic().setTopicName(f.topic)));
                })));
    }

    /** A static member's instance id where SyncGroup, Heartbeat and LeaveGroup carry one, else a dynamic member. */
    private static String instance(short version) {
        return version >= SYNC_STATIC_SINCE ? "instance" : null;
    }

    private static FindCoordinatorRequestData transactionCoordinator(String transactionalId, short version) {
        FindCoordinatorRequestData find = new FindCoordinatorRequestData().setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id());
        return version < FindCoordinatorRequest.MIN_BATCHED_VERSION ? find.setKey(transactionalId)
                : find.setCoordinatorKeys(List.of(transactionalId));
    }
}
