package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.partita.engine.group.ConsumerGroupMember.State.STABLE;
import static io.partita.engine.group.ConsumerGroupMember.State.UNREVOKED_PARTITIONS;

/**
 * One group under Kafka's consumer group protocol (KIP-848): members join, heartbeat and leave with
 * ConsumerGroupHeartbeat, the coordinator computes their target assignment with a server-side assignor, and each
 * member reconciles towards its target one heartbeat at a time.
 *
 * <p>Epochs: the group epoch grows whenever membership, a subscription or the partition count of a subscribed topic
 * changes; the target assignment ({@link TargetAssignment}) is then recomputed at once and the assignment epoch becomes
 * the group epoch. Each heartbeat moves its member one step towards its target ({@link CurrentAssignmentBuilder}): it
 * first gives up partitions it no longer gets (keeping its epoch until a heartbeat shows they are released, within its
 * rebalance timeout), then gets its new epoch with the partitions of its target that no other member still owns, and
 * the others as they are released. This class applies those steps and keeps the timers, the store and the members.
 *
 * <p>Invariants: {@code assignmentEpoch == groupEpoch} after every operation; every partition is owned (assigned or
 * pending revocation) by at most one member, so a partition reaches its new owner only after its previous owner
 * released it; the target assignment names exactly the current members; a member's epoch is never above the
 * assignment epoch.
 *
 * <p>Every change is stored (through {@code store}) before its heartbeat is answered. Topics are seen through the
 * snapshot of partition counts that each heartbeat brings, so a topic with more partitions is noticed at the next
 * heartbeat. A member's regex is resolved at each of its own heartbeats, as Kafka's, to the topics its principal may
 * describe; a new topic matching it is noticed at that member's next heartbeat.
 *
 * <p>Not thread-safe: confined to the coordinator's single thread, on which it also schedules its timers.
 */
final class ConsumerGroup {

    private static final System.Logger LOG = System.getLogger(ConsumerGroup.class.getName());
    static final String PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private final ConsumerGroupConfig config;
    private final ScheduledExecutorService thread;
    /** Stores the group durably; throws an {@link ApiException} when it cannot. */
    private final Consumer<StoredConsumerGroup> store;

    private int groupEpoch;
    private final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMemberIds = new HashMap<>();
    /** Its epoch is the assignment epoch. */
    private TargetAssignment target = TargetAssignment.NONE;
    /** Partition counts of every topic, as of the latest heartbeat; timers recompute the target with them. */
    private Map<String, Integer> topics = Map.of();
    private String assignorName;
    private StoredConsumerGroup lastStored;
    private boolean dead;

    ConsumerGroup(String groupId, ConsumerGroupConfig config, ScheduledExecutorService thread,
                  Consumer<StoredConsumerGroup> store) {
        this.groupId = groupId;
        this.config = config;
        this.thread = thread;
        this.store = store;
        this.assignorName = config.assignors().get(0).name();
    }

    /** The group as it was stored; its members' sessions start now. */
    static ConsumerGroup restore(String groupId, StoredConsumerGroup stored, ConsumerGroupConfig config,
                                 ScheduledExecutorService thread, Consumer<StoredConsumerGroup> store) {
        ConsumerGroup group = new ConsumerGroup(groupId, config, thread, store);
        group.groupEpoch = stored.groupEpoch();
        group.topics = stored.partitionCounts();
        Map<String, Set<TopicPartition>> targets = new HashMap<>();
        for (StoredConsumerGroup.Member m : stored.members()) {
            ConsumerGroupMember member = ConsumerGroupMember.restore(m);
            group.members.put(member.memberId, member);
            targets.put(member.memberId, m.target());
            if (member.isStatic()) {
                group.staticMemberIds.put(member.instanceId, member.memberId);
            }
            group.restartSession(member);
            if (member.assignment.state() == UNREVOKED_PARTITIONS) {
                group.startRevocationTimer(member);
            }
        }
        group.target = new TargetAssignment(stored.assignmentEpoch(), stored.partitionCounts(), targets);
        group.assignorName = group.chooseAssignor().name();
        group.lastStored = stored;
        return group;
    }

    String groupId() {
        return groupId;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    void markDead() {
        dead = true;
        members.values().forEach(ConsumerGroupMember::cancelTimers);
    }

    /** Kafka's name of the group's state: Empty, Assigning, Reconciling or Stable. */
    String state() {
        if (members.isEmpty()) {
            return "Empty";
        } else if (groupEpoch > target.epoch()) {
            return "Assigning";
        } else if (members.values().stream()
                .anyMatch(m -> m.assignment.state() != STABLE || m.assignment.memberEpoch() != target.epoch())) {
            return "Reconciling";
        }
        return "Stable";
    }

    GroupListing listing() {
        return new GroupListing(groupId, GroupListing.CONSUMER_TYPE, PROTOCOL_TYPE, state());
    }

    ConsumerGroupDescription describe() {
        List<ConsumerGroupDescription.Member> described = new ArrayList<>(members.size());
        members.values().forEach(m -> described.add(m.described(target.of(m.memberId))));
        return new ConsumerGroupDescription(groupId, Errors.NONE, null, state(), groupEpoch, target.epoch(), assignorName,
                described);
    }

    /** The topics some member subscribes to, by name or through its regex (as of the latest heartbeat). */
    Set<String> subscribedTopics() {
        Set<String> subscribed = new HashSet<>();
        members.values().forEach(m -> subscribed.addAll(m.subscribedTopics(topics)));
        return subscribed;
    }

    /**
     * Whether an OffsetCommit (v9+, member epoch in place of the generation) may be accepted: from outside group
     * management (empty member id, epoch below 0) only while the group is empty; from a member only with its current
     * epoch.
     */
    Errors validateOffsetCommit(String memberId, int memberEpoch) {
        if (dead) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (memberEpoch < 0 && memberId.isEmpty()) {
            return members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.assignment.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    /** Whether a member may fetch offsets (OffsetFetch v9+ names the member); a fetch naming no member always may. */
    Errors validateOffsetFetch(String memberId, int memberEpoch) {
        if (memberId == null || memberEpoch < 0) {
            return Errors.NONE;
        }
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.assignment.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    // ---- ConsumerGroupHeartbeat

    /**
     * Serves one heartbeat of a valid request (see {@link GroupCoordinator#consumerGroupHeartbeat}).
     *
     * @param topicSnapshot partition count of every topic in the cluster now
     * @param describable   whether the member's principal may describe a topic
     */
    MemberHeartbeatResult heartbeat(ConsumerHeartbeat request, Map<String, Integer> topicSnapshot,
                                    Predicate<String> describable) {
        if (dead) {
            return MemberHeartbeatResult.error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        topics = Map.copyOf(topicSnapshot);
        int epoch = request.memberEpoch();
        if (epoch == ConsumerHeartbeat.LEAVE_EPOCH || epoch == ConsumerHeartbeat.STATIC_LEAVE_EPOCH) {
            return leave(request);
        }
        ConsumerGroupMember member;
        boolean joined = false;
        if (epoch == ConsumerHeartbeat.JOIN_EPOCH) {
            String existingId = request.instanceId() == null ? request.memberId() : staticMemberIds.get(request.instanceId());
            ConsumerGroupMember existing = existingId == null ? null : members.get(existingId);
            if (existing == null) {
                if (members.size() >= config.maxSize()) {
                    return MemberHeartbeatResult.error(Errors.GROUP_MAX_SIZE_REACHED, "The consumer group has reached its maximum capacity of "
                            + config.maxSize() + " members.");
                }
                member = new ConsumerGroupMember(request.memberId(), request.instanceId());
                members.put(member.memberId, member);
                if (member.isStatic()) {
                    staticMemberIds.put(member.instanceId, member.memberId);
                }
                joined = true;
            } else if (!existing.memberId.equals(request.memberId())) {
                if (existing.assignment.memberEpoch() != ConsumerHeartbeat.STATIC_LEAVE_EPOCH) {
                    return MemberHeartbeatResult.error(Errors.UNRELEASED_INSTANCE_ID, "Static member " + existing.memberId
                            + " with instance id " + request.instanceId() + " cannot be replaced because it has not left the group.");
                }
                member = replaceStaticMember(existing, request.memberId());
            } else {
                // A member that lost its partitions (fenced, or restarted with its id) starts over with nothing.
                member = existing;
                member.assignment = member.assignment.abandoned();
                member.cancelRevocationTimer();
            }
        } else {
            member = members.get(request.memberId());
            Errors error = member == null ? Errors.UNKNOWN_MEMBER_ID : validateMember(member, request);
            if (error == Errors.UNKNOWN_MEMBER_ID) {
                return MemberHeartbeatResult.error(error, "Member " + request.memberId() + " is not a member of group " + groupId + ".");
            } else if (error == Errors.FENCED_MEMBER_EPOCH) {
                int known = member.assignment.memberEpoch();
                return MemberHeartbeatResult.error(error, "The consumer group member has a "
                        + (epoch > known ? "greater" : "smaller") + " member epoch (" + epoch
                        + ") than the one known by the group coordinator (" + known
                        + "). The member must abandon all its partitions and rejoin.");
            } else if (error != Errors.NONE) {
                return MemberHeartbeatResult.error(error, null);
            }
        }
        CurrentAssignment before = member.assignment;
        boolean subscriptionChanged = member.update(request, topics.keySet(), describable);
        updateTargetIf(joined || subscriptionChanged);
        reconcile(member, request.ownedPartitions());
        restartSession(member);
        Errors stored = storeChanges();
        if (stored != Errors.NONE) {
            return MemberHeartbeatResult.error(stored, null);
        }
        CurrentAssignment after = member.assignment;
        boolean full = epoch == ConsumerHeartbeat.JOIN_EPOCH
                || (request.ownedPartitions() != null && !request.ownedPartitions().equals(after.assigned()));
        boolean changed = before.memberEpoch() != after.memberEpoch() || !before.assigned().equals(after.assigned());
        return new MemberHeartbeatResult(Errors.NONE, null, member.memberId, after.memberEpoch(),
                config.heartbeatIntervalMs(), full || changed ? after.assigned() : null);
    }

    private Errors validateMember(ConsumerGroupMember member, ConsumerHeartbeat request) {
        if (request.instanceId() != null) {
            String current = staticMemberIds.get(request.instanceId());
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            } else if (!current.equals(member.memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return member.assignment.fences(request.memberEpoch(), request.ownedPartitions())
                ? Errors.FENCED_MEMBER_EPOCH : Errors.NONE;
    }

    private MemberHeartbeatResult leave(ConsumerHeartbeat request) {
        String memberId = request.instanceId() == null ? request.memberId() : staticMemberIds.get(request.instanceId());
        ConsumerGroupMember member = memberId == null ? null : members.get(memberId);
        if (member == null) {
            return MemberHeartbeatResult.error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId()
                    + " is not a member of group " + groupId + ".");
        }
        if (!member.memberId.equals(request.memberId())) {
            return MemberHeartbeatResult.error(Errors.FENCED_INSTANCE_ID, null);
        }
        if (request.memberEpoch() == ConsumerHeartbeat.STATIC_LEAVE_EPOCH) {
            // A static member leaving for now keeps its partitions until its session ends or it comes back.
            member.assignment = member.assignment.withEpoch(ConsumerHeartbeat.STATIC_LEAVE_EPOCH);
            member.cancelRevocationTimer();
        } else {
            removeMember(member);
        }
        Errors stored = storeChanges();
        return stored != Errors.NONE ? MemberHeartbeatResult.error(stored, null)
                : new MemberHeartbeatResult(Errors.NONE, null, request.memberId(), request.memberEpoch(), 0, null);
    }

    /** A static member that left for now comes back under a new id: it takes over the old one's partitions. */
    private ConsumerGroupMember replaceStaticMember(ConsumerGroupMember old, String newMemberId) {
        old.cancelTimers();
        ConsumerGroupMember member = new ConsumerGroupMember(newMemberId, old.instanceId);
        member.copyFrom(old.stored(Set.of()));
        member.assignment = member.assignment.withEpoch(0);
        members.remove(old.memberId);
        members.put(newMemberId, member);
        staticMemberIds.put(member.instanceId, newMemberId);
        target = target.renamed(old.memberId, newMemberId);
        return member;
    }

    private void removeMember(ConsumerGroupMember member) {
        member.cancelTimers();
        members.remove(member.memberId);
        target = target.without(member.memberId);
        if (member.isStatic()) {
            staticMemberIds.remove(member.instanceId);
        }
        updateTargetIf(true);
    }

    // ---- target assignment

    /**
     * Bumps the group epoch when membership or subscriptions changed ({@code changed}) or the subscribed topics'
     * partition counts did, and then recomputes the target assignment.
     */
    private void updateTargetIf(boolean changed) {
        List<ServerAssignor.Subscriber> subscribers = members.values().stream()
                .map(m -> new ServerAssignor.Subscriber(m.memberId, m.subscribedTopics(topics))).toList();
        if (changed || target.isOutdated(subscribers, topics)) {
            ServerAssignor assignor = chooseAssignor();
            target = target.recomputed(++groupEpoch, subscribers, topics, assignor::assign);
            assignorName = assignor.name();
        }
    }

    /** The assignor most members name (ties to the first configured), or the first configured when none does. */
    private ServerAssignor chooseAssignor() {
        Map<String, Long> votes = members.values().stream().filter(m -> m.serverAssignor != null)
                .collect(Collectors.groupingBy(m -> m.serverAssignor, Collectors.counting()));
        return config.assignors().stream()
                .filter(a -> votes.containsKey(a.name()))
                .reduce((a, b) -> votes.get(b.name()) > votes.get(a.name()) ? b : a)
                .orElse(config.assignors().get(0));
    }

    // ---- reconciliation

    /** Moves the member one step towards its target; a revocation it must now make starts its rebalance timer. */
    private void reconcile(ConsumerGroupMember member, Set<TopicPartition> owned) {
        CurrentAssignment current = member.assignment;
        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(current, target.epoch(), target.of(member.memberId),
                owned, tp -> ownedByOther(member, tp));
        if (next.equals(current)) {
            return;
        }
        member.assignment = next;
        if (next.state() == UNREVOKED_PARTITIONS) {
            startRevocationTimer(member);
        } else {
            member.cancelRevocationTimer();
        }
    }

    /** Whether a member other than {@code member} owns {@code tp}, assigned or pending revocation. */
    private boolean ownedByOther(ConsumerGroupMember member, TopicPartition tp) {
        for (ConsumerGroupMember m : members.values()) {
            if (m != member && (m.assignment.assigned().contains(tp) || m.assignment.pendingRevocation().contains(tp))) {
                return true;
            }
        }
        return false;
    }

    // ---- timers

    private void restartSession(ConsumerGroupMember member) {
        if (member.sessionTimer != null) {
            member.sessionTimer.cancel(false);
        }
        long session = ++member.sessionEpoch;
        member.sessionTimer = thread.schedule(() -> {
            if (members.get(member.memberId) == member && member.sessionEpoch == session) {
                LOG.log(System.Logger.Level.INFO, "Member " + member.memberId + " of group " + groupId
                        + " did not heartbeat within " + config.sessionTimeoutMs() + " ms; removing it");
                removeAndStore(member);
            }
        }, config.sessionTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** A member that does not release its revoked partitions within its rebalance timeout is removed. */
    private void startRevocationTimer(ConsumerGroupMember member) {
        member.cancelRevocationTimer();
        int epoch = member.assignment.memberEpoch();
        member.revocationTimer = thread.schedule(() -> {
            if (members.get(member.memberId) == member && member.assignment.state() == UNREVOKED_PARTITIONS
                    && member.assignment.memberEpoch() == epoch) {
                LOG.log(System.Logger.Level.INFO, "Member " + member.memberId + " of group " + groupId
                        + " did not revoke its partitions within " + member.rebalanceTimeoutMs + " ms; removing it");
                removeAndStore(member);
            }
        }, member.rebalanceTimeoutMs, TimeUnit.MILLISECONDS);
    }

    private void removeAndStore(ConsumerGroupMember member) {
        if (!dead) {
            removeMember(member);
            storeChanges();
        }
    }

    // ---- storing

    private Errors storeChanges() {
        List<StoredConsumerGroup.Member> stored = new ArrayList<>(members.size());
        members.values().forEach(m -> stored.add(m.stored(target.of(m.memberId))));
        StoredConsumerGroup group = new StoredConsumerGroup(groupEpoch, target.epoch(), target.partitionCounts(), stored);
        if (group.equals(lastStored)) {
            return Errors.NONE;
        }
        try {
            store.accept(group);
            lastStored = group;
            return Errors.NONE;
        } catch (ApiException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot store consumer group " + groupId + ": " + e.getMessage());
            return Errors.forException(e);
        }
    }
}
