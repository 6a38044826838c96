package io.partita.engine.group;

import io.partita.engine.coordinator.CoordinatorThread;
import io.partita.engine.coordinator.ServedPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Kafka's group coordinator for classic (JoinGroup/SyncGroup) groups, consumer-protocol groups (KIP-848,
 * ConsumerGroupHeartbeat) and share groups (KIP-932, ShareGroupHeartbeat), and the keeper of the committed offsets of
 * the first two. The three kinds share one group id space (see {@link GroupMetadataManager}): a share group never
 * changes kind, nor does any group become one, as in Kafka 4.4: until it is deleted, its id is refused to JoinGroup
 * (INCONSISTENT_GROUP_PROTOCOL), ConsumerGroupHeartbeat and offset commits (GROUP_ID_NOT_FOUND), and a classic or
 * consumer group's id, even empty, to ShareGroupHeartbeat (GROUP_ID_NOT_FOUND).
 *
 * <p>Every group lives on one thread: each operation hops onto the given scheduler and answers through the
 * returned future, which may complete much later (a JoinGroup waits for the rebalance, an OffsetCommit for its
 * replicas). The scheduler must run its tasks one at a time (a single-threaded event loop); the groups' timers run on
 * it too, reading time from it. {@link #expireOffsets} is run from outside, every
 * {@code offsets.retention.check.interval.ms}.
 *
 * <p>A dispatcher: it checks that this node serves the group ({@link GroupCalls}) and hands the operation to the
 * {@link GroupMetadataManager} (classic and consumer groups), the {@link ShareGroups} or the
 * {@link OffsetMetadataManager}; the share-group APIs are dispatched by its {@link ShareGroupCoordinator}
 * ({@link #shareGroupCoordinator()}), on the same thread. Each change is written first: it becomes records ({@link GroupRecord}) that the
 * {@link GroupStore} appends to the group's partition of {@code __consumer_offsets}, and only once appended are they
 * replayed into the {@link OffsetsTopicState}, by the same replay that reads a partition when this node comes to
 * lead it ({@link ServedPartitions}); the live groups are made from that state. While a newly led partition is read
 * its groups are answered COORDINATOR_LOAD_IN_PROGRESS; groups of other partitions NOT_COORDINATOR, by every group
 * API.
 *
 * <p>Thread-safe: any method may be called from any thread. When the scheduler no longer accepts tasks, futures
 * complete exceptionally with {@link CoordinatorNotAvailableException}.
 */
public final class GroupCoordinator {

    private static final System.Logger LOG = System.getLogger(GroupCoordinator.class.getName());

    private final GroupConfig config;
    private final GroupStore store;
    private final Clock clock;
    private final GroupCalls calls;
    private final OffsetsTopicState state = new OffsetsTopicState();
    private final GroupMetadataManager groups;
    private final OffsetMetadataManager offsets;
    private final ShareGroups shareGroups;
    private final ShareGroupCoordinator shareGroupCoordinator;
    private final ServedPartitions<OffsetsTopicState> served;
    /** Transaction ends told while their partition was being read, by partition; applied once it is installed. */
    private final Map<Integer, List<Runnable>> endsWhileLoading = new HashMap<>();

    /**
     * @param thread runs every operation and timer, one at a time
     * @param loader reads a newly led store partition; may be slow, so better not {@code thread}
     */
    public GroupCoordinator(GroupConfig config, ConsumerGroupConfig consumerConfig, ShareGroupConfig shareConfig,
                            GroupStore store, Clock clock, ScheduledExecutorService thread, Executor loader) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        CoordinatorThread onThread = new CoordinatorThread(Objects.requireNonNull(thread, "thread"), "The group coordinator");
        GroupRecordWriter writer = new GroupRecordWriter(store, state);
        this.groups = new GroupMetadataManager(config, Objects.requireNonNull(consumerConfig, "consumerConfig"), state,
                writer, clock, thread);
        this.offsets = new OffsetMetadataManager(config, state, writer, clock);
        this.shareGroups = new ShareGroups(Objects.requireNonNull(shareConfig, "shareConfig"), writer, state, thread,
                groups::contains);
        this.served = new ServedPartitions<>(Topic.GROUP_METADATA_TOPIC_NAME, store, thread, loader, this::restoreGroups, this::dropGroups);
        this.calls = new GroupCalls(onThread, store, served);
        this.shareGroupCoordinator = new ShareGroupCoordinator(calls, shareGroups);
        served.start();
    }

    /** The share-group APIs, served on this coordinator's thread from the same partitions. */
    public ShareGroupCoordinator shareGroupCoordinator() {
        return shareGroupCoordinator;
    }

    /**
     * Takes in the records of a partition just read and makes its groups live, then applies the transaction ends
     * that reached the partition while it was read (applying one the read already saw changes nothing).
     */
    private void restoreGroups(int partition, OffsetsTopicState loaded) {
        state.addAll(loaded);
        for (String groupId : loaded.groupIds()) {
            groups.restore(groupId);
            shareGroups.restore(groupId);
        }
        List<Runnable> ends = endsWhileLoading.remove(partition);
        if (ends != null) ends.forEach(Runnable::run);
    }

    private void dropGroups(int partition) {
        Predicate<String> inPartition = groupId -> store.partitionOf(groupId) == partition;
        groups.drop(inPartition);
        shareGroups.drop(inPartition);
        state.drop(inPartition);
        endsWhileLoading.remove(partition);
    }

    /** The node that coordinates the group (deciding it when nobody does yet); empty when none can now. */
    public CompletableFuture<OptionalInt> findCoordinator(String groupId) {
        return calls.submit(response -> response.complete(store.coordinatorNodeId(groupId)));
    }

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        return calls.submit(response -> {
            Errors refused = calls.refused(request.groupId());
            if (refused != Errors.NONE) {
                response.complete(JoinResult.error(refused, request.memberId()));
            } else if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                    || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
                response.complete(JoinResult.error(Errors.INVALID_SESSION_TIMEOUT, request.memberId()));
            } else if (shareGroups.contains(request.groupId())) {
                response.complete(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
            } else {
                groups.join(request, response);
            }
        });
    }

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        return calls.submit(response -> {
            Errors refused = calls.refused(request.groupId());
            if (refused != Errors.NONE) {
                response.complete(SyncResult.error(refused));
            } else {
                groups.sync(request, response);
            }
        });
    }

    public CompletableFuture<Errors> heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        return calls.serving(groupId, calls::refused, error -> error, () -> groups.heartbeat(groupId, memberId, groupInstanceId, generationId));
    }

    public CompletableFuture<LeaveResult> leaveGroup(String groupId, List<MemberIdentity> leaving) {
        return calls.serving(groupId, calls::refused, error -> new LeaveResult(error, List.of()), () -> groups.leave(groupId, leaving));
    }

    /**
     * Commits offsets; answers an error per partition. A group the coordinator does not know is created by a
     * commit from outside group management (generation below 0); a member's commit to an unknown group gets
     * GROUP_ID_NOT_FOUND (clients before OffsetCommit v9 expect ILLEGAL_GENERATION instead).
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(OffsetCommit commit) {
        return commit(commit, false, () -> offsets.commit(commit, () -> groups.committed(commit.groupId())));
    }

    /**
     * Commits offsets inside a producer's transaction (TxnOffsetCommit): they are held pending, invisible to
     * OffsetFetch, until {@link #transactionEnded} commits or drops them. Checked like a commit, except that a
     * producer outside group management (generation below 0, no member id) may commit to a group with members.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitTransactionalOffsets(TxnOffsetCommit txnCommit) {
        String groupId = txnCommit.commit().groupId();
        return commit(txnCommit.commit(), true, () -> offsets.commitTransactional(txnCommit, () -> groups.committed(groupId)));
    }

    /** Checks a commit against its group, and writes it when it passes. */
    private CompletableFuture<Map<TopicPartition, Errors>> commit(OffsetCommit commit, boolean transactional,
            Supplier<CompletableFuture<Map<TopicPartition, Errors>>> writing) {
        return calls.<CompletableFuture<Map<TopicPartition, Errors>>>submit(response -> {
            Errors error = calls.refused(commit.groupId());
            if (error == Errors.NONE && shareGroups.contains(commit.groupId())) error = Errors.GROUP_ID_NOT_FOUND;
            if (error == Errors.NONE) error = groups.commitError(commit, transactional);
            Errors groupError = error;
            response.complete(groupError != Errors.NONE ? CompletableFuture.completedFuture(
                    commit.offsets().keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> groupError)))
                    : writing.get());
        }).thenCompose(written -> written);
    }

    /**
     * The marker of a producer's transaction is written to partition {@code offsetsPartition} of
     * {@code __consumer_offsets}: its pending offsets there become committed (or are dropped on abort). Completes
     * once they are visible.
     */
    public CompletableFuture<Void> transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit) {
        return calls.submit(response -> {
            Runnable end = () -> offsets.transactionEnded(producerId, producerEpoch, commit,
                    groupId -> store.partitionOf(groupId) == offsetsPartition);
            if (served.isLoading(offsetsPartition)) {
                endsWhileLoading.computeIfAbsent(offsetsPartition, p -> new ArrayList<>()).add(end);
            } else if (served.isServed(offsetsPartition)) {
                end.run();
            }
            response.complete(null);
        });
    }

    /**
     * The group's committed offsets of the given partitions (those without one are left out), or of every
     * partition when {@code partitions} is null. Completes exceptionally with {@link InvalidGroupIdException}
     * for an empty group id.
     */
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        return fetchOffsets(groupId, null, -1, partitions);
    }

    /**
     * As {@link #fetchOffsets(String, List)}, for a member of a consumer-protocol group that names itself (OffsetFetch
     * v9+): completes exceptionally with UNKNOWN_MEMBER_ID or STALE_MEMBER_EPOCH when the member or its epoch is not
     * the group's. A member of a classic group, or a fetch naming no member ({@code memberId} null), is not checked.
     */
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> fetchOffsets(String groupId, String memberId, int memberEpoch,
                                                                                List<TopicPartition> partitions) {
        return calls.submit(response -> {
            if (groupId.isEmpty()) {
                response.completeExceptionally(new InvalidGroupIdException("The group id is empty"));
                return;
            }
            Errors owner = calls.ownership(groupId);
            if (owner != Errors.NONE) {
                response.completeExceptionally(owner.exception("This node does not serve group " + groupId + " now"));
                return;
            }
            Errors memberError = groups.fetchError(groupId, memberId, memberEpoch);
            if (memberError != Errors.NONE) {
                response.completeExceptionally(memberError.exception());
            } else {
                response.complete(offsets.fetch(groupId, partitions));
            }
        });
    }

    /**
     * The committed offsets of every classic and consumer-protocol group this node coordinates now, by group id;
     * groups without offsets are left out. For the metrics history's lag.
     */
    public CompletableFuture<Map<String, Map<TopicPartition, Long>>> committedOffsets() {
        return calls.submit(response -> response.complete(offsets.committedOffsets(groups.groupIds())));
    }

    /**
     * Every group this node coordinates, of every kind, whose state is named in {@code states} (ignoring
     * case), or every one when it is empty. Completes exceptionally with {@link CoordinatorLoadInProgressException}
     * while a partition loads.
     */
    public CompletableFuture<List<GroupListing>> listGroups(Set<String> states) {
        Set<String> wanted = states.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return calls.submit(response -> {
            if (served.anyLoading()) {
                response.completeExceptionally(new CoordinatorLoadInProgressException("Groups are being loaded"));
                return;
            }
            List<GroupListing> all = new ArrayList<>(groups.listings());
            all.addAll(shareGroups.listings());
            response.complete(all.stream()
                    .filter(g -> wanted.isEmpty() || wanted.contains(g.state().toLowerCase(Locale.ROOT)))
                    .toList());
        });
    }

    /**
     * One description per requested id, in order; unknown groups are described as not existing, groups this node does
     * not serve now with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
     */
    public CompletableFuture<List<GroupDescription>> describeGroups(List<String> groupIds) {
        return calls.describing(groupIds, GroupDescription::error,
                groupId -> shareGroups.contains(groupId) ? GroupDescription.notClassic(groupId) : groups.describe(groupId));
    }

    /**
     * Deletes groups with their offsets (DeleteGroups): only groups without members, as Kafka. Answers an error per
     * group: NONE, INVALID_GROUP_ID, NOT_COORDINATOR, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, or the store's.
     */
    public CompletableFuture<Map<String, Errors>> deleteGroups(List<String> groupIds) {
        return calls.submit(response -> {
            Map<String, Errors> results = new LinkedHashMap<>();
            for (String groupId : groupIds) {
                Errors refused = calls.refused(groupId);
                results.put(groupId, refused != Errors.NONE ? refused
                        : shareGroups.contains(groupId) ? shareGroups.delete(groupId) : groups.delete(groupId));
            }
            response.complete(results);
        });
    }

    /**
     * Deletes some committed offsets of a group (OffsetDelete). A group with members keeps the offsets of topics
     * its consumers subscribe to (GROUP_SUBSCRIBED_TO_TOPIC per partition); a group with members that are not
     * consumers keeps all (NON_EMPTY_GROUP).
     *
     * @param subscribedTopics reads the topics of one member's subscription (consumer protocol metadata)
     */
    public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, Set<TopicPartition> partitions,
                                                               Function<byte[], Set<String>> subscribedTopics) {
        return calls.serving(groupId, calls::refused, OffsetDeleteResult::error, () -> {
            Map.Entry<Errors, Set<String>> subscribed = groups.subscribedTopics(groupId, subscribedTopics);
            return subscribed.getKey() != Errors.NONE ? OffsetDeleteResult.error(subscribed.getKey())
                    : offsets.delete(groupId, partitions, subscribed.getValue());
        });
    }

    /**
     * Removes the offsets of groups without members, classic and consumer, that are older than
     * {@code offsets.retention.minutes} (writing their tombstones), and the groups left with neither members nor
     * offsets. Completes with the number of offsets removed.
     */
    public CompletableFuture<Integer> expireOffsets() {
        return calls.submit(response -> response.complete(groups.expire(offsets, clock.millis(), failure ->
                LOG.log(System.Logger.Level.WARNING, "Cannot expire offsets of group " + failure))));
    }

    // ---- consumer group protocol (KIP-848)

    /**
     * Serves a ConsumerGroupHeartbeat whose fields are well-formed (the protocol layer checks those): unknown server
     * assignors are answered UNSUPPORTED_ASSIGNOR, bad regexes INVALID_REGULAR_EXPRESSION.
     *
     * @param topics      partition count of every topic in the cluster now
     * @param describable whether the member's principal may describe a topic (called on the coordinator's thread):
     *                    its regex resolves only to those
     */
    public CompletableFuture<MemberHeartbeatResult> consumerGroupHeartbeat(ConsumerHeartbeat request, Map<String, Integer> topics,
                                                                           Predicate<String> describable) {
        String groupId = request.groupId();
        return calls.serving(groupId, calls::ownership, error -> MemberHeartbeatResult.error(error, null),
                () -> shareGroups.contains(groupId) ? MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND,
                        GroupMetadataManager.notA(groupId, "consumer")) : groups.consumerHeartbeat(request, topics, describable));
    }

    /**
     * ConsumerGroupDescribe: one description per requested id, in order; others are described as not found, groups
     * this node does not serve now with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
     */
    public CompletableFuture<List<ConsumerGroupDescription>> describeConsumerGroups(List<String> groupIds) {
        return calls.describing(groupIds, (groupId, error) -> ConsumerGroupDescription.error(groupId, error, null),
                groupId -> groups.describeConsumer(groupId, shareGroups.contains(groupId)));
    }
}
