package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The live classic and consumer-protocol groups of the coordinator (cf. Kafka's GroupMetadataManager), and the one
 * path from the replayed {@link OffsetsTopicState} to them: {@link #restore} makes a group what its records say, when
 * its partition is loaded and again when a record the group wanted written could not be appended (so that a change the
 * log does not hold, such as a member that joined, does not stay). A group writes its metadata through the
 * {@link GroupRecordWriter}; timers that change nothing stored (sessions, rebalances in progress) live only here.
 *
 * <p>An empty classic or consumer group becomes a group of the other of these two kinds when such a member joins
 * (offsets stay); one with members refuses members of the other kind (INCONSISTENT_GROUP_PROTOCOL for JoinGroup,
 * GROUP_ID_NOT_FOUND for ConsumerGroupHeartbeat, as Kafka with {@code group.consumer.migration.policy=disabled}). The coordinator checks, before it calls here,
 * that it serves the group and that the id is not a share group's.
 *
 * <p>Confined to the coordinator's thread.
 */
final class GroupMetadataManager {

    /** The protocol type Kafka's consumers join with. */
    private static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final GroupConfig config;
    private final ConsumerGroupConfig consumerConfig;
    private final OffsetsTopicState state;
    private final GroupRecordWriter writer;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    /** Consumer groups whose latest change could not be written: {@link #restore}d before anything else sees them. */
    private final Set<String> unwritten = new HashSet<>();

    GroupMetadataManager(GroupConfig config, ConsumerGroupConfig consumerConfig, OffsetsTopicState state,
                         GroupRecordWriter writer, Clock clock, ScheduledExecutorService thread) {
        this.config = config;
        this.consumerConfig = consumerConfig;
        this.state = state;
        this.writer = writer;
        this.clock = clock;
        this.thread = thread;
    }

    /**
     * Makes the classic or consumer group what the state says (replacing the live one): the kind of its metadata
     * record, or an empty classic group when it has only offsets (as in Kafka), or none. Members restored start
     * their sessions now.
     */
    void restore(String groupId) {
        forget(groupId);
        GroupRecord metadata = state.metadata(groupId);
        if (metadata instanceof GroupRecord.ClassicGroupMetadata classic) {
            groups.put(groupId, ClassicGroup.restore(groupId, classic.group(), config, thread, clock, storing(groupId)));
        } else if (metadata instanceof GroupRecord.ConsumerGroupMetadata consumer) {
            consumerGroups.put(groupId, ConsumerGroup.restore(groupId, consumer.group(), consumerConfig, thread,
                    storingConsumer(groupId)));
        } else if (metadata == null && !state.offsets(groupId).isEmpty()) {
            groups.put(groupId, ClassicGroup.restore(groupId, StoredGroup.withoutMembersEver(clock.millis()), config,
                    thread, clock, storing(groupId)));
        }
    }

    /** Forgets the live groups {@code inPartition} accepts (their partition is no longer served). */
    void drop(Predicate<String> inPartition) {
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (inPartition.test(group.groupId())) {
                group.unload();
                groups.remove(group.groupId());
            }
        }
        for (ConsumerGroup group : List.copyOf(consumerGroups.values())) {
            if (inPartition.test(group.groupId())) {
                group.markDead();
                consumerGroups.remove(group.groupId());
            }
        }
    }

    private void forget(String groupId) {
        unwritten.remove(groupId);
        ClassicGroup classic = groups.remove(groupId);
        if (classic != null) classic.markDead();
        ConsumerGroup consumer = consumerGroups.remove(groupId);
        if (consumer != null) consumer.markDead();
    }

    boolean contains(String groupId) {
        return groups.containsKey(groupId) || consumerGroups.containsKey(groupId);
    }

    boolean isConsumerGroup(String groupId) {
        return consumerGroups.containsKey(groupId);
    }

    // ---- classic groups

    /** JoinGroup of a served, non-share id with a valid session timeout. */
    void join(JoinRequest request, CompletableFuture<JoinResult> response) {
        ClassicGroup group = groups.get(request.groupId());
        ConsumerGroup consumerGroup = consumerGroups.get(request.groupId());
        if (consumerGroup != null && !consumerGroup.isEmpty()) {
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

    void sync(SyncRequest request, CompletableFuture<SyncResult> response) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            response.complete(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
        } else {
            group.sync(request, response);
        }
    }

    Errors heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        ClassicGroup group = groups.get(groupId);
        return group == null ? Errors.UNKNOWN_MEMBER_ID : group.heartbeat(memberId, groupInstanceId, generationId);
    }

    LeaveResult leave(String groupId, List<MemberIdentity> leaving) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return new LeaveResult(Errors.NONE, leaving.stream()
                    .map(m -> new LeaveResult.Member(m.memberId(), m.groupInstanceId(), Errors.UNKNOWN_MEMBER_ID))
                    .toList());
        }
        return group.leave(leaving);
    }

    GroupDescription describe(String groupId) {
        if (consumerGroups.containsKey(groupId)) {
            return GroupDescription.notClassic(groupId);
        }
        ClassicGroup group = groups.get(groupId);
        return group == null ? GroupDescription.unknown(groupId) : group.describe();
    }

    List<GroupListing> listings() {
        List<GroupListing> all = new ArrayList<>();
        groups.values().forEach(g -> all.add(g.listing()));
        consumerGroups.values().forEach(g -> all.add(g.listing()));
        return all;
    }

    /** The classic and consumer groups' ids. */
    List<String> groupIds() {
        List<String> ids = new ArrayList<>(groups.keySet());
        ids.addAll(consumerGroups.keySet());
        return ids;
    }

    private ClassicGroup createGroup(String groupId) {
        ClassicGroup group = new ClassicGroup(groupId, config, thread, clock, storing(groupId));
        groups.put(groupId, group);
        return group;
    }

    private Consumer<StoredGroup> storing(String groupId) {
        return stored -> writer.writeMetadata(new GroupRecord.ClassicGroupMetadata(groupId, stored));
    }

    // ---- offsets' checks

    /**
     * Whether the commit may be written: GROUP_ID_NOT_FOUND for a member's commit to a group that does not exist
     * (a commit from outside group management creates one, see {@link #committed}), the group's check otherwise.
     */
    Errors commitError(OffsetCommit commit, boolean transactional) {
        // a producer outside group management may commit in a transaction even to a group with members
        if (transactional && commit.generationId() < 0 && commit.memberId().isEmpty()) return Errors.NONE;
        ConsumerGroup consumerGroup = consumerGroups.get(commit.groupId());
        if (consumerGroup != null) return consumerGroup.validateOffsetCommit(commit.memberId(), commit.generationId());
        ClassicGroup group = groups.get(commit.groupId());
        if (group == null) return transactional || commit.generationId() < 0 ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
        return group.validateOffsetCommit(commit.memberId(), commit.groupInstanceId(), commit.generationId());
    }

    /** A commit's offsets were appended: a group known by nothing else becomes an empty classic group. */
    void committed(String groupId) {
        if (!contains(groupId)) createGroup(groupId);
    }

    /** UNKNOWN_MEMBER_ID or STALE_MEMBER_EPOCH when a consumer group's member fetching offsets is not current. */
    Errors fetchError(String groupId, String memberId, int memberEpoch) {
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        return consumerGroup == null ? Errors.NONE : consumerGroup.validateOffsetFetch(memberId, memberEpoch);
    }

    /**
     * The topics whose offsets OffsetDelete must keep (GROUP_SUBSCRIBED_TO_TOPIC), or null with the error for the
     * whole group: GROUP_ID_NOT_FOUND, or NON_EMPTY_GROUP for a group with members that are not consumers.
     */
    Map.Entry<Errors, Set<String>> subscribedTopics(String groupId, Function<byte[], Set<String>> subscribedTopics) {
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        if (consumerGroup != null) return Map.entry(Errors.NONE, consumerGroup.subscribedTopics());
        ClassicGroup group = groups.get(groupId);
        if (group == null || group.state() == GroupState.DEAD) return Map.entry(Errors.GROUP_ID_NOT_FOUND, Set.of());
        if (group.state() != GroupState.EMPTY && !CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())) {
            return Map.entry(Errors.NON_EMPTY_GROUP, Set.of());
        }
        return Map.entry(Errors.NONE, group.state() == GroupState.EMPTY ? Set.of() : group.memberMetadata().stream()
                .flatMap(m -> subscribedTopics.apply(m).stream()).collect(Collectors.toSet()));
    }

    // ---- deletion and expiry

    /** DeleteGroups of a served classic or consumer group: NONE, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP or the store's. */
    Errors delete(String groupId) {
        ConsumerGroup consumerGroup = consumerGroups.get(groupId);
        ClassicGroup group = groups.get(groupId);
        if (consumerGroup != null) {
            if (!consumerGroup.isEmpty()) return Errors.NON_EMPTY_GROUP;
        } else if (group == null || group.state() == GroupState.DEAD) {
            return Errors.GROUP_ID_NOT_FOUND;
        } else if (group.state() != GroupState.EMPTY) {
            return Errors.NON_EMPTY_GROUP;
        }
        try {
            writer.deleteGroup(groupId);
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        forget(groupId);
        return Errors.NONE;
    }

    /**
     * Expires the offsets of groups without members (a classic group's age from when it became empty, a consumer
     * group's from each commit, as Kafka); a group left without offsets goes. The number of offsets removed.
     *
     * @param failed told of a group whose expiry could not be written
     */
    int expire(OffsetMetadataManager offsets, long now, Consumer<String> failed) {
        int removed = 0;
        List<String> vacant = new ArrayList<>();
        groups.values().stream().filter(ClassicGroup::isVacant).forEach(g -> vacant.add(g.groupId()));
        consumerGroups.values().stream().filter(ConsumerGroup::isEmpty).forEach(g -> vacant.add(g.groupId()));
        for (String groupId : vacant) {
            ClassicGroup classic = groups.get(groupId);
            OptionalLong agesFrom = classic == null ? OptionalLong.empty() : classic.offsetsAgeFromMs();
            Set<TopicPartition> expired = offsets.expired(groupId, agesFrom, now);
            try {
                if (expired.size() == offsets.count(groupId)) {
                    writer.deleteGroup(groupId);
                    forget(groupId);
                } else if (!expired.isEmpty()) {
                    offsets.delete(groupId, expired);
                }
                removed += expired.size();
            } catch (ApiException e) {
                failed.accept(groupId + ": " + e.getMessage());
            }
        }
        return removed;
    }

    // ---- consumer-protocol groups (KIP-848)

    /**
     * A ConsumerGroupHeartbeat of a served, non-share id: unknown server assignors are answered UNSUPPORTED_ASSIGNOR,
     * bad regexes INVALID_REGULAR_EXPRESSION.
     */
    MemberHeartbeatResult consumerHeartbeat(ConsumerHeartbeat request, Map<String, Integer> topics,
                                            Predicate<String> describable) {
        MemberHeartbeatResult invalid = invalidSubscription(request);
        if (invalid != null) {
            return invalid;
        }
        String groupId = request.groupId();
        ConsumerGroup group = consumerGroups.get(groupId);
        if (group == null) {
            ClassicGroup classic = groups.get(groupId);
            if (classic != null && !classic.isVacant()) {
                return MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND, notA(groupId, "consumer"));
            }
            if (request.memberEpoch() != ConsumerHeartbeat.JOIN_EPOCH) {
                // Kafka 4.4's words: a member of a group that is gone must rejoin it from scratch.
                boolean leaving = request.memberEpoch() < 0;
                return MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND,
                        (leaving ? "Group " : "Consumer group ") + groupId + " not found.");
            }
            if (classic != null) {
                // Kafka upgrades an empty classic group to a consumer group; its offsets stay.
                groups.remove(groupId).markDead();
            }
            group = new ConsumerGroup(groupId, consumerConfig, thread, storingConsumer(groupId));
            consumerGroups.put(groupId, group);
        }
        MemberHeartbeatResult result = group.heartbeat(request, topics, describable);
        restoreIfUnwritten(groupId);
        return result;
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

    ConsumerGroupDescription describeConsumer(String groupId, boolean otherKind) {
        ConsumerGroup group = consumerGroups.get(groupId);
        if (group != null) {
            return group.describe();
        }
        return ConsumerGroupDescription.notFound(groupId, groups.containsKey(groupId) || otherKind
                ? notA(groupId, "consumer") : "Group " + groupId + " not found.");
    }

    /**
     * Writes a consumer group's change; when the store refuses it, the group is {@link #restore}d to what its records
     * say once the operation that changed it returns (at once after a heartbeat, next on the thread after a timer).
     */
    private Consumer<StoredConsumerGroup> storingConsumer(String groupId) {
        return stored -> {
            try {
                writer.writeMetadata(new GroupRecord.ConsumerGroupMetadata(groupId, stored));
            } catch (ApiException e) {
                unwritten.add(groupId);
                try {
                    thread.execute(() -> restoreIfUnwritten(groupId));
                } catch (RejectedExecutionException stopping) {
                    // the coordinator is stopping: nothing will read the group again
                }
                throw e;
            }
        };
    }

    private void restoreIfUnwritten(String groupId) {
        if (unwritten.contains(groupId)) restore(groupId);
    }

    /** Kafka's message for a group id that is another kind's. */
    static String notA(String groupId, String kind) {
        return "Group " + groupId + " is not a " + kind + " group.";
    }
}
