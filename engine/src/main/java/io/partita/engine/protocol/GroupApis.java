package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Kafka APIs of consumer groups (classic protocol, and the consumer protocol of KIP-848) and their committed
 * offsets, and the membership APIs of share groups (KIP-932), served by one {@link GroupCoordinator}; DeleteGroups
 * deletes an empty share group's share-partition state first (its offsets APIs are {@link ShareGroupOffsetApis}).
 * FindCoordinator names the node the coordinator says coordinates
 * the group, the transaction coordinator of a transactional id and the share coordinator of a share partition's state.
 * Every API is served at every version kafka-clients knows ({@code oldestVersion()..latestVersion()}), as
 * Kafka 4.4 advertises them. Immutable; its handlers are safe on any thread.
 */
public final class GroupApis {

    private static final Set<ApiKeys> APIS = Set.of(ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
            ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.LIST_GROUPS,
            ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE, ApiKeys.CONSUMER_GROUP_HEARTBEAT,
            ApiKeys.CONSUMER_GROUP_DESCRIBE, ApiKeys.SHARE_GROUP_HEARTBEAT, ApiKeys.SHARE_GROUP_DESCRIBE);

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    /**
     * @param nodeId     this node's broker id, answered by FindCoordinator
     * @param self       this node's advertised endpoint of a listener, by listener name (null when it has no such
     *                   listener), asked at every FindCoordinator (so that it can be the port bound when the listener
     *                   asked for port 0)
     * @param topics     this node's topics, by name and by id, and the cluster's brokers
     */
    public GroupApis(GroupCoordinator coordinator, int nodeId, Function<String, Node> self, GroupTopics topics) {
        this(coordinator, nodeId, self, topics, transactionalId -> CompletableFuture.completedFuture(OptionalInt.empty()),
                shareKey -> CompletableFuture.completedFuture(OptionalInt.empty()), ShareGroupStateDeletion.NONE,
                RequestAuthorizer.none());
    }

    /**
     * @param transactions names the transaction coordinator of a transactional id, for FindCoordinator
     * @param shareStates  names the share coordinator of a share partition's state ({@code groupId:topicId:partition}),
     *                     for FindCoordinator
     * @param shareStateDeletion deletes the share-partition state of the share groups DeleteGroups deletes
     * @param auth         what each request's principal may do with groups and topics
     */
    public GroupApis(GroupCoordinator coordinator, int nodeId, Function<String, Node> self, GroupTopics topics,
                     CoordinatorLocator transactions, CoordinatorLocator shareStates,
                     ShareGroupStateDeletion shareStateDeletion, RequestAuthorizer auth) {
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(topics, "topics");
        handlers.put(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(Map.of(
                FindCoordinatorRequest.CoordinatorType.GROUP, coordinator::findCoordinator,
                FindCoordinatorRequest.CoordinatorType.TRANSACTION, Objects.requireNonNull(transactions, "transactions"),
                FindCoordinatorRequest.CoordinatorType.SHARE, Objects.requireNonNull(shareStates, "shareStates")),
                nodeId, self, topics, auth));
        handlers.put(ApiKeys.JOIN_GROUP, new JoinGroupHandler(coordinator));
        handlers.put(ApiKeys.SYNC_GROUP, new SyncGroupHandler(coordinator));
        handlers.put(ApiKeys.HEARTBEAT, new GroupHeartbeatHandler(coordinator));
        handlers.put(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(coordinator));
        handlers.put(ApiKeys.OFFSET_COMMIT, new GroupOffsetCommitHandler(coordinator, topics, auth));
        handlers.put(ApiKeys.OFFSET_FETCH, new GroupOffsetFetchHandler(coordinator, topics, auth));
        handlers.put(ApiKeys.LIST_GROUPS, new ListGroupsHandler(coordinator, auth));
        handlers.put(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(coordinator, auth));
        handlers.put(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(coordinator,
                Objects.requireNonNull(shareStateDeletion, "shareStateDeletion"), auth));
        handlers.put(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(coordinator, topics, auth));
        handlers.put(ApiKeys.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(coordinator, topics, auth));
        handlers.put(ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(coordinator, topics, auth));
        handlers.put(ApiKeys.SHARE_GROUP_HEARTBEAT, new ShareGroupHeartbeatHandler(coordinator, topics));
        handlers.put(ApiKeys.SHARE_GROUP_DESCRIBE, new ShareGroupDescribeHandler(coordinator, topics, auth));
    }

    /** The APIs served here, to advertise in ApiVersions from {@code oldestVersion()} to {@code latestVersion()}. */
    public static Set<ApiKeys> apis() {
        return APIS;
    }

    /** A handler for each of {@link #apis()}. */
    public Map<ApiKeys, ApiHandler> handlers() {
        return Map.copyOf(handlers);
    }
}
