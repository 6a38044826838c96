package io.partita.engine.group;

import io.partita.engine.coordinator.CoordinatorThread;
import io.partita.engine.coordinator.ServedPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Kafka's group coordinator for classic (JoinGroup/SyncGroup) groups, consumer-protocol groups (KIP-848,
 * ConsumerGroupHeartbeat; see {@link ConsumerGroup}) and share groups (KIP-932, ShareGroupHeartbeat; see
 * {@link ShareGroups}), and the keeper of the committed offsets of the first two. The three kinds share one group id
 * space: an empty classic or consumer group becomes a group of the other of these two kinds when such a member joins;
 * one with members refuses members of the other kind (INCONSISTENT_GROUP_PROTOCOL for JoinGroup, GROUP_ID_NOT_FOUND
 * for ConsumerGroupHeartbeat, as Kafka with {@code group.consumer.migration.policy=disabled}). A share group never
 * changes kind, nor does any group become one, as in Kafka 4.4: until it is deleted, its id is refused to JoinGroup
 * (INCONSISTENT_GROUP_PROTOCOL), ConsumerGroupHeartbeat and offset commits (GROUP_ID_NOT_FOUND), and a classic or
 * consumer group's id, even empty, to ShareGroupHeartbeat (GROUP_ID_NOT_FOUND).
 *
 * <p>Every group lives on one thread: each operation hops onto the given scheduler and answers through the
 * returned future, which may complete much later (a JoinGroup waits for the rebalance, a SyncGroup for the
 * leader's assignment, an OffsetCommit for its replicas). The scheduler must therefore run its tasks one at a time
 * (a single-threaded event loop); the timers of a group (sessions, the initial rebalance delay, rebalance and sync
 * timeouts) run on it too, reading time from it. The clock stamps commits and ages offsets: {@link #expireOffsets}
 * (run from outside, every {@code offsets.retention.check.interval.ms}) removes the offsets of groups without
 * members that are older than {@code offsets.retention.minutes}, and groups left with neither members nor offsets.
 *
 * <p>Groups and offsets are kept in a {@link GroupStore}, split into partitions. The coordinator serves the groups
 * of the partitions this node leads ({@link ServedPartitions}), both kinds and their offsets committed or pending in
 * transactions: while a newly led one is read its groups are answered COORDINATOR_LOAD_IN_PROGRESS; groups of other
 * partitions NOT_COORDINATOR, by every group API.
 *
 * <p>Thread-safe: any method may be called from any thread. When the scheduler no longer accepts tasks, futures
 * complete exceptionally with {@link CoordinatorNotAvailableException}.
 */
public final class GroupCoordinator {

    private static final System.Logger LOG = System.getLogger(GroupCoordinator.class.getName());
    /** The protocol type Kafka's consumers join with. */
    private static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final GroupConfig config;
    private final ConsumerGroupConfig consumerConfig;
    private final GroupStore store;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final CoordinatorThread calls;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    private final ShareGroups shareGroups;
    private final ServedPartitions<GroupStore.StoredPartition> served;
    /** Transaction ends told while their partition was being read, by partition; applied once it is installed. */
    private final Map<Integer, List<Runnable>> endsWhileLoading = new HashMap<>();

    /**
     * @param thread runs every operation and timer, one at a time
     * @param loader reads a newly led store partition; may be slow, so better not {@code thread}
     */
    public GroupCoordinator(GroupConfig config, GroupStore store, Clock clock, ScheduledExecutorService thread,
                            Executor loader) {
        this(config, ConsumerGroupConfig.defaults(), store, clock, thread, loader);
    }

    /**
     * @param thread runs every operation and timer, one at a time
     * @param loader reads a newly led store partition; may be slow, so better not {@code thread}
     */
    public GroupCoordinator(GroupConfig config, ConsumerGroupConfig consumerConfig, GroupStore store, Clock clock,
                            ScheduledExecutorService thread, Executor loader) {
        this(config, consumerConfig, ShareGroupConfig.defaults(), store, clock, thread, loader);
    }

    /**
     * @param thread runs every operation and timer, one at a time
     * @param loader reads a newly led store partition; may be slow, so better not {@code thread}
     */
    public GroupCoordinator(GroupConfig config, ConsumerGroupConfig consumerConfig, ShareGroupConfig shareConfig,
                            GroupStore store, Clock clock, ScheduledExecutorService thread, Executor loader) {
        this.config = Objects.requireNonNull(config, "config");
        this.consumerConfig = Objects.requireNonNull(consumerConfig, "consumerConfig");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.calls = new CoordinatorThread(thread, "The group coordinator");
        this.shareGroups = new ShareGroups(Objects.requireNonNull(shareConfig, "shareConfig"), store, thread);
        this.served = new ServedPartitions<>(Topic.GROUP_METADATA_TOPIC_NAME, store, thread, loader, this::restoreGroups, this::dropGroups);
        served.start();
    }

    /**
     * Makes the groups of a partition just read live, then applies the transaction ends that reached the partition
     * while it was read (applying one the read already saw changes nothing).
     */
    private void restoreGroups(int partition, GroupStore.StoredPartition stored) {
        stored.groups().forEach((groupId, group) -> groups.put(groupId,
                ClassicGroup.restore(groupId, group, config, thread, clock, storing(groupId))));
        stored.consumerGroups().forEach((groupId, group) -> consumerGroups.put(groupId,
                ConsumerGroup.restore(groupId, group, consumerConfig, thread, storingConsumer(groupId))));
        shareGroups.restore(stored.shareGroups());
        List<Runnable> ends = endsWhileLoading.remove(partition);
        if (ends != null) ends.forEach(Runnable::run);
    }

    private void dropGroups(int partition) {
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (store.partitionOf(group.groupId()) == partition) {
                group.unload();
                groups.remove(group.groupId());
            }
        }
        for (ConsumerGroup group : List.copyOf(consumerGroups.values())) {
            if (store.partitionOf(group.groupId()) == partition) {
                group.markDead();
                consumerGroups.remove(group.groupId());
            }
        }
        shareGroups.drop(groupId -> store.partitionOf(groupId) == partition);
        endsWhileLoading.remove(partition);
    }

    private Errors ownership(String groupId) {
        return served.ownership(store.partitionOf(groupId));
    }

    /** The node that coordinates the group (deciding it when nobody does yet); empty when none can now. */
    public CompletableFuture<OptionalInt> findCoordinator(String groupId) {
        return calls.submit(response -> response.complete(store.coordinatorNodeId(groupId)));
    }

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        return calls.submit(response -> {
            if (request.groupId().isEmpty()) {
                response.complete(JoinResult.error(Errors.INVALID_GROUP_ID, request.memberId()));
            } else if (ownership(request.groupId()) != Errors.NONE) {
                response.complete(JoinResult.error(ownership(request.groupId()), request.memberId()));
            } else if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                    || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
                response.complete(JoinResult.error(Errors.INVALID_SESSION_TIMEOUT, request.memberId()));
            } else {
                ClassicGroup group = groups.get(request.groupId());
                ConsumerGroup consumerGroup = consumerGroups.get(request.groupId());
                if (consumerGroup != null && !consumerGroup.isEmpty() || shareGroups.contains(request.groupId())) {
                    response.complete(JoinResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
                } else if (group == null && !request.memberId().isEmpty()) {
                    response.complete(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
                } else {
                    if (consumerGroup != null) {
                        // Kafka turns an empty consumer group into a classic one for a classic member; offsets stay.
                        consumerGroups.remove(request.groupId()).markDead();
                    }
                    (group == null ? createGroup(request.groupId()) : group).join(request, response);
                }
            }
        });
    }

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        return calls.submit(response -> {
            ClassicGroup group = groups.get(request.groupId());
            if (request.groupId().isEmpty()) {
                response.complete(SyncResult.error(Errors.INVALID_GROUP_ID));
            } else if (ownership(request.groupId()) != Errors.NONE) {
                response.complete(SyncResult.error(ownership(request.groupId())));
            } else if (group == null) {
                response.complete(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
            } else {
                group.sync(request, response);
            }
        });
    }

    public CompletableFuture<Errors> heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        return calls.submit(response -> {
            ClassicGroup group = groups.get(groupId);
            if (groupId.isEmpty()) {
                response.complete(Errors.INVALID_GROUP_ID);
            } else if (ownership(groupId) != Errors.NONE) {
                response.complete(ownership(groupId));
            } else {
                response.complete(group == null ? Errors.UNKNOWN_MEMBER_ID : group.heartbeat(memberId, groupInstanceId, generationId));
            }
        });
    }

    public CompletableFuture<LeaveResult> leaveGroup(String groupId, List<MemberIdentity> leaving) {
        return calls.submit(response -> {
            ClassicGroup group = groups.get(groupId);
            if (groupId.isEmpty()) {
                response.complete(new LeaveResult(Errors.INVALID_GROUP_ID, List.of()));
            } else if (ownership(groupId) != Errors.NONE) {
                response.complete(new LeaveResult(ownership(groupId), List.of()));
            } else if (group == null) {
                response.complete(new LeaveResult(Errors.NONE, leaving.stream()
                        .map(m -> new LeaveResult.Member(m.memberId(), m.groupInstanceId(), Errors.UNKNOWN_MEMBER_ID))
                        .toList()));
            } else {
                response.complete(group.leave(leaving));
            }
        });
    }

    /**
     * Commits offsets; answers an error per partition. A group the coordinator does not know is created by a
     * commit from outside group management (generation below 0); a member's commit to an unknown group gets
     * GROUP_ID_NOT_FOUND (clients before OffsetCommit v9 expect ILLEGAL_GENERATION instead).
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(OffsetCommit commit) {
        return commit(commit, false, accepted -> store.storeOffsets(commit.groupId(), accepted));
    }

    private void store(OffsetCommit commit, CompletableFuture<Map<TopicPartition, Errors>> response,
                       Function<Map<TopicPartition, CommittedOffset>, CompletableFuture<Void>> storing) {
        long now = clock.millis();
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> accepted = new HashMap<>();
        commit.offsets().forEach((tp, offset) -> {
            String metadata = offset.metadata() == null ? "" : offset.metadata();
            if (metadata.length() > config.offsetMetadataMaxBytes()) {
                errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
            } else {
                accepted.put(tp, new CommittedOffset(offset.offset(), offset.leaderEpoch(), metadata, now));
                errors.put(tp, Errors.NONE);
            }
        });
        CompletableFuture<Void> stored;
        try {
            stored = storing.apply(accepted);
        } catch (ApiException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((done, failure) -> {
            if (failure != null) {
                Errors error = Errors.forException(failure);
                accepted.keySet().forEach(tp -> errors.put(tp, error));
            }
            response.complete(errors);
        });
    }

    /**
     * Commits offsets inside a producer's transaction (TxnOffsetCommit): they are held pending, invisible to
     * OffsetFetch, until {@link #transactionEnded} commits or drops them. Checked like a commit, except that a
     * producer outside group management (generation below 0, no member id) may commit to a group with members.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitTransactionalOffsets(TxnOffsetCommit txnCommit) {
        OffsetCommit commit = txnCommit.commit();
        return commit(commit, true, accepted -> store.storePendingOffsets(commit.groupId(), txnCommit.producerId(),
                txnCommit.producerEpoch(), accepted));
    }

    /** Checks a commit against its group, creates the group when none is known, and stores what passes. */
    private CompletableFuture<Map<TopicPartition, Errors>> commit(OffsetCommit commit, boolean transactional,
            Function<Map<TopicPartition, CommittedOffset>, CompletableFuture<Void>> storing) {
        return calls.submit(response -> {
            ClassicGroup group = groups.get(commit.groupId());
            ConsumerGroup consumerGroup = consumerGroups.get(commit.groupId());
            Errors groupError = commitError(commit, transactional, group, consumerGroup);
            if (groupError != Errors.NONE) {
                response.complete(commit.offsets().keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> groupError)));
                return;
            }
            if (group == null && consumerGroup == null) {
                createGroup(commit.groupId());
            }
            store(commit, response, storing);
        });
    }

    private Errors commitError(OffsetCommit commit, boolean transactional, ClassicGroup group, ConsumerGroup consumerGroup) {
        if (commit.groupId().isEmpty()) return Errors.INVALID_GROUP_ID;
        Errors ownership = ownership(commit.groupId());
        if (ownership != Errors.NONE) return ownership;
        if (shareGroups.contains(commit.groupId())) return Errors.GROUP_ID_NOT_FOUND;
        // a producer outside group management may commit in a transaction even to a group with members
        if (transactional && commit.generationId() < 0 && commit.memberId().isEmpty()) return Errors.NONE;
        if (consumerGroup != null) return consumerGroup.validateOffsetCommit(commit.memberId(), commit.generationId());
        if (group == null) return transactional || commit.generationId() < 0 ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
        return group.validateOffsetCommit(commit.memberId(), commit.groupInstanceId(), commit.generationId());
    }

    /**
     * The marker of a producer's transaction is written to partition {@code offsetsPartition} of
     * {@code __consumer_offsets}: its pending offsets there become committed (or are dropped on abort). Completes
     * once they are visible.
     */
    public CompletableFuture<Void> transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit) {
        return calls.submit(response -> {
            Runnable end = () -> store.transactionEnded(producerId, producerEpoch, offsetsPartition, commit);
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
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                response.completeExceptionally(owner.exception("This node does not serve group " + groupId + " now"));
                return;
            }
            ConsumerGroup consumerGroup = consumerGroups.get(groupId);
            Errors memberError = consumerGroup == null ? Errors.NONE : consumerGroup.validateOffsetFetch(memberId, memberEpoch);
            if (memberError != Errors.NONE) {
                response.completeExceptionally(memberError.exception());
                return;
            }
            Map<TopicPartition, CommittedOffset> all = store.offsets(groupId);
            if (partitions == null) {
                response.complete(all);
            } else {
                Map<TopicPartition, CommittedOffset> wanted = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    CommittedOffset offset = all.get(tp);
                    if (offset != null) {
                        wanted.put(tp, offset);
                    }
                }
                response.complete(wanted);
            }
        });
    }

    /**
     * The committed offsets of every classic and consumer-protocol group this node coordinates now, by group id;
     * groups without offsets are left out. For the metrics history's lag.
     */
    public CompletableFuture<Map<String, Map<TopicPartition, Long>>> committedOffsets() {
        return calls.submit(response -> {
            Map<String, Map<TopicPartition, Long>> all = new HashMap<>();
            for (String groupId : List.copyOf(groups.keySet())) addOffsets(groupId, all);
            for (String groupId : List.copyOf(consumerGroups.keySet())) addOffsets(groupId, all);
            response.complete(all);
        });
    }

    private void addOffsets(String groupId, Map<String, Map<TopicPartition, Long>> all) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        store.offsets(groupId).forEach((tp, committed) -> offsets.put(tp, committed.offset()));
        if (!offsets.isEmpty()) all.put(groupId, offsets);
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
            List<GroupListing> all = new ArrayList<>();
            groups.values().forEach(g -> all.add(g.listing()));
            consumerGroups.values().forEach(g -> all.add(g.listing()));
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
        return calls.submit(response -> {
            List<GroupDescription> descriptions = new ArrayList<>(groupIds.size());
            for (String groupId : groupIds) {
                ClassicGroup group = groups.get(groupId);
                Errors owner = ownership(groupId);
                if (owner != Errors.NONE) {
                    descriptions.add(GroupDescription.error(groupId, owner));
                } else if (consumerGroups.containsKey(groupId) || shareGroups.contains(groupId)) {
                    descriptions.add(GroupDescription.notClassic(groupId));
                } else {
                    descriptions.add(group == null ? GroupDescription.unknown(groupId) : group.describe());
                }
            }
            response.complete(descriptions);
        });
    }

    /**
     * Deletes groups with their offsets (DeleteGroups): only groups without members, as Kafka. Answers an error per
     * group: NONE, INVALID_GROUP_ID, NOT_COORDINATOR, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, or the store's.
     */
    public CompletableFuture<Map<String, Errors>> deleteGroups(List<String> groupIds) {
        return calls.submit(response -> {
            Map<String, Errors> results = new LinkedHashMap<>();
            for (String groupId : groupIds) {
                results.put(groupId, deleteGroup(groupId));
            }
            response.complete(results);
        });
    }

    private Errors deleteGroup(String groupId) {
        ClassicGroup group = groups.get(groupId);
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        if (groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        } else if (ownership(groupId) != Errors.NONE) {
            return ownership(groupId);
        } else if (consumerGroup != null) {
            return deleteConsumerGroup(consumerGroup);
        } else if (shareGroups.contains(groupId)) {
            return shareGroups.delete(groupId);
        } else if (group == null || group.state() == GroupState.DEAD) {
            return Errors.GROUP_ID_NOT_FOUND;
        } else if (group.state() != GroupState.EMPTY) {
            return Errors.NON_EMPTY_GROUP;
        }
        try {
            removeGroup(group);
            return Errors.NONE;
        } catch (ApiException e) {
            return Errors.forException(e);
        }
    }

    private Errors deleteConsumerGroup(ConsumerGroup group) {
        if (!group.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        try {
            store.deleteGroup(group.groupId());
            group.markDead();
            consumerGroups.remove(group.groupId());
            return Errors.NONE;
        } catch (ApiException e) {
            return Errors.forException(e);
        }
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
        return calls.submit(response -> {
            ClassicGroup group = groups.get(groupId);
            ConsumerGroup consumerGroup = consumerGroups.get(groupId);
            if (groupId.isEmpty()) {
                response.complete(OffsetDeleteResult.error(Errors.INVALID_GROUP_ID));
            } else if (ownership(groupId) != Errors.NONE) {
                response.complete(OffsetDeleteResult.error(ownership(groupId)));
            } else if (consumerGroup != null) {
                deleteOffsets(groupId, partitions, consumerGroup.subscribedTopics(), response);
            } else if (group == null || group.state() == GroupState.DEAD) {
                response.complete(OffsetDeleteResult.error(Errors.GROUP_ID_NOT_FOUND));
            } else if (group.state() != GroupState.EMPTY && !CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())) {
                response.complete(OffsetDeleteResult.error(Errors.NON_EMPTY_GROUP));
            } else {
                Set<String> subscribed = group.state() == GroupState.EMPTY ? Set.of() : group.memberMetadata().stream()
                        .flatMap(m -> subscribedTopics.apply(m).stream()).collect(Collectors.toSet());
                deleteOffsets(groupId, partitions, subscribed, response);
            }
        });
    }

    private void deleteOffsets(String groupId, Set<TopicPartition> partitions, Set<String> subscribed,
                               CompletableFuture<OffsetDeleteResult> response) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        partitions.forEach(tp -> results.put(tp, subscribed.contains(tp.topic()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE));
        Set<TopicPartition> deletable = results.entrySet().stream().filter(e -> e.getValue() == Errors.NONE)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        try {
            store.deleteOffsets(groupId, deletable);
            response.complete(new OffsetDeleteResult(Errors.NONE, results));
        } catch (ApiException e) {
            response.complete(OffsetDeleteResult.error(Errors.forException(e)));
        }
    }

    /**
     * Removes the offsets of groups without members, classic and consumer, that are older than
     * {@code offsets.retention.minutes} (writing their tombstones), and the groups left with neither members nor
     * offsets. Completes with the number of offsets removed.
     */
    public CompletableFuture<Integer> expireOffsets() {
        return calls.submit(response -> response.complete(expireOffsetsNow()));
    }

    private int expireOffsetsNow() {
        long now = clock.millis();
        int removed = 0;
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (!group.isVacant()) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> committed = store.offsets(group.groupId());
            OptionalLong agesFrom = group.offsetsAgeFromMs();
            Set<TopicPartition> expired = committed.entrySet().stream()
                    .filter(e -> now - agesFrom.orElse(e.getValue().commitTimestampMs()) >= config.offsetsRetentionMs())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            try {
                if (expired.size() == committed.size()) {
                    removeGroup(group);
                } else if (!expired.isEmpty()) {
                    store.deleteOffsets(group.groupId(), expired);
                }
                removed += expired.size();
            } catch (ApiException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot expire offsets of group " + group.groupId() + ": " + e.getMessage());
            }
        }
        return removed + expireConsumerGroupOffsets(now);
    }

    /**
     * Empty consumer-protocol groups lose each offset older than the retention, counted from its commit (as Kafka
     * does for these groups), and the group goes with its last offset.
     */
    private int expireConsumerGroupOffsets(long now) {
        int removed = 0;
        for (ConsumerGroup group : List.copyOf(consumerGroups.values())) {
            if (!group.isEmpty()) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> committed = store.offsets(group.groupId());
            Set<TopicPartition> expired = committed.entrySet().stream()
                    .filter(e -> now - e.getValue().commitTimestampMs() >= config.offsetsRetentionMs())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            try {
                if (expired.size() == committed.size()) {
                    Errors deleted = deleteConsumerGroup(group);
                    if (deleted != Errors.NONE) {
                        LOG.log(System.Logger.Level.WARNING, "Cannot remove expired group " + group.groupId() + ": " + deleted);
                    }
                } else if (!expired.isEmpty()) {
                    store.deleteOffsets(group.groupId(), expired);
                }
                removed += expired.size();
            } catch (ApiException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot expire offsets of group " + group.groupId() + ": " + e.getMessage());
            }
        }
        return removed;
    }

    /** Forgets a vacant group and its offsets, in the store first. */
    private void removeGroup(ClassicGroup group) {
        store.deleteGroup(group.groupId());
        group.markDead();
        groups.remove(group.groupId());
    }

    private ClassicGroup createGroup(String groupId) {
        ClassicGroup group = new ClassicGroup(groupId, config, thread, clock, storing(groupId));
        groups.put(groupId, group);
        return group;
    }

    private Consumer<StoredGroup> storing(String groupId) {
        return stored -> store.storeGroup(groupId, stored);
    }

    private Consumer<StoredConsumerGroup> storingConsumer(String groupId) {
        return stored -> store.storeConsumerGroup(groupId, stored);
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
        return calls.submit(response -> {
            String groupId = request.groupId();
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                response.complete(MemberHeartbeatResult.error(owner, null));
                return;
            }
            MemberHeartbeatResult invalid = invalidSubscription(request);
            if (invalid != null) {
                response.complete(invalid);
                return;
            }
            if (shareGroups.contains(groupId)) {
                response.complete(MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND, notA(groupId, "consumer")));
                return;
            }
            ConsumerGroup group = consumerGroups.get(groupId);
            if (group == null) {
                ClassicGroup classic = groups.get(groupId);
                if (classic != null && !classic.isVacant()) {
                    response.complete(MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND, notA(groupId, "consumer")));
                    return;
                }
                if (request.memberEpoch() != ConsumerHeartbeat.JOIN_EPOCH) {
                    // Kafka 4.4's words: a member of a group that is gone must rejoin it from scratch.
                    boolean leaving = request.memberEpoch() < 0;
                    response.complete(MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND,
                            (leaving ? "Group " : "Consumer group ") + groupId + " not found."));
                    return;
                }
                if (classic != null) {
                    // Kafka upgrades an empty classic group to a consumer group; its offsets stay.
                    groups.remove(groupId).markDead();
                }
                group = new ConsumerGroup(groupId, consumerConfig, thread, storingConsumer(groupId));
                consumerGroups.put(groupId, group);
            }
            response.complete(group.heartbeat(request, topics, describable));
        });
    }

    /** The error answer when the request's assignor or regex cannot be used; null when they can. */
    private MemberHeartbeatResult invalidSubscription(ConsumerHeartbeat request) {
        String assignor = request.serverAssignor();
        if (assignor != null && !assignor.isEmpty() && consumerConfig.assignor(assignor).isEmpty()) {
            return MemberHeartbeatResult.error(Errors.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + assignor
                    + " is not supported. Supported assignors: "
                    + consumerConfig.assignors().stream().map(ServerAssignor::name).collect(Collectors.joining(", ")) + ".");
        }
        String regex = request.subscribedTopicRegex();
        if (regex != null && !regex.isEmpty()) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return MemberHeartbeatResult.error(Errors.INVALID_REGULAR_EXPRESSION, "SubscribedTopicRegex `" + regex
                        + "` is not a valid regular expression: " + e.getDescription() + ".");
            }
        }
        return null;
    }

    /**
     * ConsumerGroupDescribe: one description per requested id, in order; others are described as not found, groups
     * this node does not serve now with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
     */
    public CompletableFuture<List<ConsumerGroupDescription>> describeConsumerGroups(List<String> groupIds) {
        return calls.submit(response -> response.complete(groupIds.stream().map(groupId -> {
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                return ConsumerGroupDescription.error(groupId, owner, null);
            }
            ConsumerGroup group = consumerGroups.get(groupId);
            if (group != null) {
                return group.describe();
            }
            return ConsumerGroupDescription.notFound(groupId, groups.containsKey(groupId) || shareGroups.contains(groupId)
                    ? notA(groupId, "consumer") : "Group " + groupId + " not found.");
        }).toList()));
    }

    /** Kafka's message for a group id that is another kind's. */
    private static String notA(String groupId, String kind) {
        return "Group " + groupId + " is not a " + kind + " group.";
    }

    // ---- share groups (KIP-932)

    /**
     * Serves a ShareGroupHeartbeat whose fields are well-formed (the protocol layer checks those).
     *
     * @param topics partition count of every topic in the cluster now
     */
    public CompletableFuture<MemberHeartbeatResult> shareGroupHeartbeat(ShareHeartbeat request, Map<String, Integer> topics) {
        return calls.submit(response -> {
            String groupId = request.groupId();
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                response.complete(MemberHeartbeatResult.error(owner, null));
            } else if (groups.containsKey(groupId) || consumerGroups.containsKey(groupId)) {
                response.complete(MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND, notA(groupId, "share")));
            } else {
                response.complete(shareGroups.heartbeat(request, topics));
            }
        });
    }

    /**
     * ShareGroupDescribe: one description per requested id, in order; others are described as not found, groups this
     * node does not serve now with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
     */
    public CompletableFuture<List<ShareGroupDescription>> describeShareGroups(List<String> groupIds) {
        return calls.submit(response -> response.complete(groupIds.stream().map(groupId -> {
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                return ShareGroupDescription.error(groupId, owner, null);
            }
            ShareGroupDescription described = shareGroups.describe(groupId);
            if (described != null) {
                return described;
            }
            return ShareGroupDescription.error(groupId, Errors.GROUP_ID_NOT_FOUND,
                    groups.containsKey(groupId) || consumerGroups.containsKey(groupId)
                            ? notA(groupId, "share") : "Group " + groupId + " not found.");
        }).toList()));
    }

    /**
     * The share partitions a share group has state of, for DescribeShareGroupOffsets of all its topics: none for an
     * id that is no share group (Kafka 4.4 answers such a group without error); NOT_COORDINATOR or
     * COORDINATOR_LOAD_IN_PROGRESS when this node does not serve it now.
     */
    public CompletableFuture<ShareOffsetsScope> shareStatePartitions(String groupId) {
        return calls.submit(response -> {
            Errors owner = ownership(groupId);
            response.complete(owner != Errors.NONE ? ShareOffsetsScope.refused(owner, null)
                    : new ShareOffsetsScope(Errors.NONE, null, shareGroups.statePartitions(groupId)));
        });
    }

    /**
     * Whether a share group's offsets may be altered now (AlterShareGroupOffsets): a group that does not exist may (the
     * alteration creates it); one with members is NON_EMPTY_GROUP, another kind's id GROUP_ID_NOT_FOUND, as in Kafka 4.4.
     */
    public CompletableFuture<ShareOffsetsScope> shareOffsetsAlterable(String groupId) {
        return calls.submit(response -> response.complete(shareOffsetsChangeable(groupId, false)));
    }

    /**
     * Whether a share group's offsets may be deleted now (DeleteShareGroupOffsets): as {@link #shareOffsetsAlterable},
     * but a group that does not exist is GROUP_ID_NOT_FOUND.
     */
    public CompletableFuture<ShareOffsetsScope> shareOffsetsDeletable(String groupId) {
        return calls.submit(response -> response.complete(shareOffsetsChangeable(groupId, true)));
    }

    private ShareOffsetsScope shareOffsetsChangeable(String groupId, boolean mustExist) {
        Errors owner = ownership(groupId);
        if (groupId.isEmpty()) {
            return ShareOffsetsScope.refused(Errors.INVALID_GROUP_ID, null);
        } else if (owner != Errors.NONE) {
            return ShareOffsetsScope.refused(owner, null);
        } else if (groups.containsKey(groupId) || consumerGroups.containsKey(groupId)) {
            return ShareOffsetsScope.refused(Errors.GROUP_ID_NOT_FOUND, notA(groupId, "share"));
        } else if (shareGroups.hasMembers(groupId)) {
            return ShareOffsetsScope.refused(Errors.NON_EMPTY_GROUP, Errors.NON_EMPTY_GROUP.message());
        } else if (mustExist && !shareGroups.contains(groupId)) {
            return ShareOffsetsScope.refused(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found.");
        }
        return new ShareOffsetsScope(Errors.NONE, null, shareGroups.statePartitions(groupId));
    }

    /**
     * Records share partitions whose state was just set at new start offsets, creating the share group when it does
     * not exist; NONE, the store's error, or GROUP_ID_NOT_FOUND when the id became another kind's meanwhile.
     */
    public CompletableFuture<Errors> shareOffsetsAltered(String groupId, Set<TopicPartition> partitions) {
        return calls.submit(response -> {
            Errors owner = ownership(groupId);
            if (owner != Errors.NONE) {
                response.complete(owner);
            } else if (groups.containsKey(groupId) || consumerGroups.containsKey(groupId)) {
                response.complete(Errors.GROUP_ID_NOT_FOUND);
            } else {
                response.complete(shareGroups.offsetsAltered(groupId, partitions));
            }
        });
    }

    /** Forgets the share partitions of topics whose state was just deleted; NONE or the store's error. */
    public CompletableFuture<Errors> shareOffsetsDeleted(String groupId, Set<String> topics) {
        return calls.submit(response -> {
            Errors owner = ownership(groupId);
            response.complete(owner != Errors.NONE ? owner : shareGroups.offsetsDeleted(groupId, topics));
        });
    }

    /**
     * The empty share groups this node serves among {@code groupIds}, with the share partitions each has state of: the
     * state DeleteGroups deletes before the groups themselves (as Kafka 4.4 does).
     */
    public CompletableFuture<Map<String, Set<TopicPartition>>> emptyShareGroupStates(List<String> groupIds) {
        return calls.submit(response -> response.complete(shareGroups.emptyGroupStates(
                groupIds.stream().filter(id -> ownership(id) == Errors.NONE).toList())));
    }

    /** Tells {@code listener} of every share group member gone from now on (see {@link ShareMemberListener}). */
    public void addShareMemberListener(ShareMemberListener listener) {
        shareGroups.addListener(Objects.requireNonNull(listener, "listener"));
    }
}
