package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One share group (KIP-932): members join, heartbeat and leave with ShareGroupHeartbeat, subscribing to topics by
 * name, and the coordinator assigns them partitions with the {@link SimpleShareAssignor}, several members to a
 * partition when there are more members than partitions.
 *
 * <p>Epochs: the group epoch grows whenever membership, a subscription or the partition count of a subscribed topic
 * changes; the target assignment ({@link TargetAssignment}) is then recomputed at once and the assignment epoch
 * becomes the group epoch. A share assignment needs no revocation (a partition may be shared), so each member gets the
 * assignment epoch and its target at its next heartbeat ({@link CurrentAssignmentBuilder#share}). A heartbeat with the
 * member's epoch or the one before it is accepted; any other epoch is FENCED_MEMBER_EPOCH.
 *
 * <p>Invariants: {@code assignmentEpoch == groupEpoch} after every operation; the target assignment names exactly the
 * current members; a member's epoch is never above the assignment epoch.
 *
 * <p>The group also keeps which share partitions it has state of at the share coordinators (Kafka's initialized share
 * partitions): every partition of a topic its target assignment covers (a partition leader reads or creates the
 * state at the group's first fetch there), and those whose offsets were altered, until their offsets are deleted.
 * Describing the group's offsets lists them; deleting the group deletes their state.
 *
 * <p>Every change is stored (through {@code store}) before its heartbeat is answered; a member that stops consuming
 * under its id (leaves, times out, joins again) is then told to {@code departures}. Topics are seen through the
 * snapshot of partition counts that each heartbeat brings, so a topic created or grown is noticed at the next
 * heartbeat.
 *
 * <p>Not thread-safe: confined to the coordinator's single thread, on which it also schedules its session timers.
 */
final class ShareGroup {

    private static final System.Logger LOG = System.getLogger(ShareGroup.class.getName());
    static final String PROTOCOL_TYPE = "share";
    private static final SimpleShareAssignor ASSIGNOR = new SimpleShareAssignor();

    private final String groupId;
    private final ShareGroupConfig config;
    private final ScheduledExecutorService thread;
    /** Stores the group durably; answers NONE, or the error it failed with (and changed nothing). */
    private final Function<StoredShareGroup, Errors> store;
    private final ShareMemberListener departures;

    private int groupEpoch;
    private final Map<String, ShareGroupMember> members = new LinkedHashMap<>();
    /** Its epoch is the assignment epoch. */
    private TargetAssignment target = TargetAssignment.NONE;
    /** Partition counts of every topic, as of the latest heartbeat; session timers reassign with them. */
    private Map<String, Integer> topics = Map.of();
    private Set<TopicPartition> statePartitions = Set.of();
    private StoredShareGroup lastStored;
    private boolean dead;

    ShareGroup(String groupId, ShareGroupConfig config, ScheduledExecutorService thread, Function<StoredShareGroup, Errors> store,
               ShareMemberListener departures) {
        this.groupId = groupId;
        this.config = config;
        this.thread = thread;
        this.store = store;
        this.departures = departures;
    }

    /** The group as it was stored; its members' sessions start now. */
    static ShareGroup restore(String groupId, StoredShareGroup stored, ShareGroupConfig config,
                              ScheduledExecutorService thread, Function<StoredShareGroup, Errors> store,
                              ShareMemberListener departures) {
        ShareGroup group = new ShareGroup(groupId, config, thread, store, departures);
        group.groupEpoch = stored.groupEpoch();
        group.topics = stored.partitionCounts();
        group.statePartitions = stored.statePartitions();
        Map<String, Set<TopicPartition>> targets = new HashMap<>();
        for (StoredShareGroup.Member m : stored.members()) {
            ShareGroupMember member = ShareGroupMember.restore(m);
            group.members.put(member.memberId, member);
            targets.put(member.memberId, m.target());
            group.restartSession(member);
        }
        group.target = new TargetAssignment(stored.assignmentEpoch(), stored.partitionCounts(), targets);
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
        members.values().forEach(ShareGroupMember::cancelSession);
    }

    Set<TopicPartition> statePartitions() {
        return statePartitions;
    }

    /**
     * Adds share partitions whose state was just set (their offsets altered); NONE, or the store's error (then the
     * partitions are not added). A group created for this, without members, starts at epoch 1 as Kafka 4.4 creates it.
     */
    Errors addStatePartitions(Set<TopicPartition> partitions) {
        if (groupEpoch == 0) {
            groupEpoch = 1;
            target = target.atEpoch(1);
        }
        Set<TopicPartition> grown = new HashSet<>(statePartitions);
        grown.addAll(partitions);
        return changeStatePartitions(grown);
    }

    /** Forgets the share partitions of {@code deleted}, whose state is gone; NONE, or the store's error. */
    Errors removeStateTopics(Set<String> deleted) {
        Set<TopicPartition> kept = new HashSet<>(statePartitions);
        kept.removeIf(tp -> deleted.contains(tp.topic()));
        return changeStatePartitions(kept);
    }

    private Errors changeStatePartitions(Set<TopicPartition> changed) {
        Set<TopicPartition> before = statePartitions;
        statePartitions = Set.copyOf(changed);
        Errors stored = storeChanges();
        if (stored != Errors.NONE) statePartitions = before;
        return stored;
    }

    /** Kafka's name of the group's state: Empty or Stable. */
    String state() {
        return members.isEmpty() ? "Empty" : "Stable";
    }

    GroupListing listing() {
        return new GroupListing(groupId, GroupListing.SHARE_TYPE, PROTOCOL_TYPE, state());
    }

    ShareGroupDescription describe() {
        List<ShareGroupDescription.Member> described = new ArrayList<>(members.size());
        members.values().forEach(m -> described.add(m.described()));
        return new ShareGroupDescription(groupId, Errors.NONE, null, state(), groupEpoch, target.epoch(),
                SimpleShareAssignor.NAME, described);
    }

    /**
     * Serves one heartbeat of a well-formed request (see {@link ShareGroupCoordinator#shareGroupHeartbeat}).
     *
     * @param topicSnapshot partition count of every topic in the cluster now
     */
    MemberHeartbeatResult heartbeat(ShareHeartbeat request, Map<String, Integer> topicSnapshot) {
        if (dead) {
            return MemberHeartbeatResult.error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        topics = Map.copyOf(topicSnapshot);
        int epoch = request.memberEpoch();
        ShareGroupMember member = members.get(request.memberId());
        if (epoch == ShareHeartbeat.LEAVE_EPOCH) {
            return leave(request, member);
        }
        boolean joined = false;
        boolean rejoined = false;
        if (epoch == ShareHeartbeat.JOIN_EPOCH) {
            if (member == null) {
                if (members.size() >= config.maxSize()) {
                    return MemberHeartbeatResult.error(Errors.GROUP_MAX_SIZE_REACHED, "The share group has reached its maximum capacity of "
                            + config.maxSize() + " members.");
                }
                member = new ShareGroupMember(request.memberId());
                members.put(member.memberId, member);
                joined = true;
            } else {
                rejoined = true;
            }
        } else {
            MemberHeartbeatResult refused = refusal(member, request);
            if (refused != null) {
                return refused;
            }
        }
        int epochBefore = member.assignment.memberEpoch();
        boolean subscriptionChanged = update(member, request);
        updateTargetIf(joined || subscriptionChanged);
        member.assignment = CurrentAssignmentBuilder.share(member.assignment, target.epoch(), target.of(member.memberId));
        restartSession(member);
        Errors stored = storeChanges();
        if (stored != Errors.NONE) {
            return MemberHeartbeatResult.error(stored, null);
        }
        if (rejoined) {
            departures.memberGone(groupId, member.memberId);
        }
        CurrentAssignment after = member.assignment;
        boolean tell = epoch == ShareHeartbeat.JOIN_EPOCH || epochBefore != after.memberEpoch();
        return new MemberHeartbeatResult(Errors.NONE, null, member.memberId, after.memberEpoch(),
                config.heartbeatIntervalMs(), tell ? after.assigned() : null);
    }

    /** Kafka's answer to a heartbeat (not a join) of an unknown member or with an epoch it may not use; null if none. */
    private MemberHeartbeatResult refusal(ShareGroupMember member, ShareHeartbeat request) {
        int epoch = request.memberEpoch();
        if (member == null) {
            return unknownMember(request.memberId());
        }
        CurrentAssignment known = member.assignment;
        if (!known.fences(epoch, null)) {
            return null;
        } else if (epoch > known.memberEpoch()) {
            return MemberHeartbeatResult.error(Errors.FENCED_MEMBER_EPOCH, "The share group member has a greater member epoch ("
                    + epoch + ") than the one known by the group coordinator (" + known.memberEpoch()
                    + "). The member must abandon all its partitions and rejoin.");
        }
        return MemberHeartbeatResult.error(Errors.FENCED_MEMBER_EPOCH, "The share group member has a smaller member epoch ("
                + epoch + ") than the one known by the group coordinator (" + known.memberEpoch()
                + "), and it does not match the previous member epoch (" + known.previousMemberEpoch()
                + "). The member must abandon all its partitions and rejoin.");
    }

    private MemberHeartbeatResult unknownMember(String memberId) {
        return MemberHeartbeatResult.error(Errors.UNKNOWN_MEMBER_ID, "Member " + memberId + " is not a member of group "
                + groupId + ".");
    }

    /** Applies what the request changes; true when the member's subscription changed. */
    private static boolean update(ShareGroupMember member, ShareHeartbeat request) {
        member.clientId = request.clientId();
        member.clientHost = request.clientHost();
        if (request.rackId() != null) {
            member.rackId = request.rackId();
        }
        if (request.subscribedTopicNames() == null) {
            return false;
        }
        List<String> names = request.subscribedTopicNames().stream().sorted().distinct().toList();
        boolean changed = !names.equals(member.topicNames);
        member.topicNames = names;
        return changed;
    }

    private MemberHeartbeatResult leave(ShareHeartbeat request, ShareGroupMember member) {
        if (member == null) {
            return unknownMember(request.memberId());
        }
        removeMember(member);
        Errors stored = storeChanges();
        if (stored != Errors.NONE) {
            return MemberHeartbeatResult.error(stored, null);
        }
        departures.memberGone(groupId, member.memberId);
        return new MemberHeartbeatResult(Errors.NONE, null, member.memberId, ShareHeartbeat.LEAVE_EPOCH, 0, null);
    }

    private void removeMember(ShareGroupMember member) {
        member.cancelSession();
        members.remove(member.memberId);
        target = target.without(member.memberId);
        updateTargetIf(true);
    }

    /**
     * Bumps the group epoch when membership or subscriptions changed ({@code changed}) or the subscribed topics'
     * partition counts did, and then recomputes the target assignment.
     */
    private void updateTargetIf(boolean changed) {
        List<ServerAssignor.Subscriber> subscribers = members.values().stream()
                .map(m -> new ServerAssignor.Subscriber(m.memberId, subscribed(m))).toList();
        if (changed || target.isOutdated(subscribers, topics)) {
            target = target.recomputed(++groupEpoch, subscribers, topics, ASSIGNOR::assign);
            Set<TopicPartition> assignable = new HashSet<>(statePartitions);
            assignable.addAll(everyPartition(target.partitionCounts()));
            statePartitions = Set.copyOf(assignable);
        }
    }

    /** Every partition of the topics, by their partition counts. */
    static Set<TopicPartition> everyPartition(Map<String, Integer> partitionCounts) {
        Set<TopicPartition> partitions = new HashSet<>();
        partitionCounts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) partitions.add(new TopicPartition(topic, p));
        });
        return partitions;
    }

    /** The existing topics a member subscribes to. */
    private Set<String> subscribed(ShareGroupMember member) {
        Set<String> existing = new TreeSet<>();
        member.topicNames.stream().filter(topics::containsKey).forEach(existing::add);
        return existing;
    }

    private void restartSession(ShareGroupMember member) {
        member.cancelSession();
        long session = ++member.sessionEpoch;
        member.sessionTimer = thread.schedule(() -> {
            if (!dead && members.get(member.memberId) == member && member.sessionEpoch == session) {
                LOG.log(System.Logger.Level.INFO, "Member " + member.memberId + " of share group " + groupId
                        + " did not heartbeat within " + config.sessionTimeoutMs() + " ms; removing it");
                removeMember(member);
                if (storeChanges() == Errors.NONE) {
                    departures.memberGone(groupId, member.memberId);
                }
            }
        }, config.sessionTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private Errors storeChanges() {
        List<StoredShareGroup.Member> storedMembers = new ArrayList<>(members.size());
        members.values().forEach(m -> storedMembers.add(m.stored(target.of(m.memberId))));
        StoredShareGroup group = new StoredShareGroup(groupEpoch, target.epoch(), target.partitionCounts(), storedMembers,
                statePartitions);
        if (group.equals(lastStored)) {
            return Errors.NONE;
        }
        Errors stored = store.apply(group);
        if (stored == Errors.NONE) {
            lastStored = group;
        }
        return stored;
    }
}
