package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A group's target assignment (KIP-848, KIP-932): the partitions each member should own at assignment epoch
 * {@code epoch}, computed by an assignor from the members' subscriptions and the partition counts of the
 * subscribed topics.
 *
 * <p>Invariant: after {@link #recomputed}, {@code members} names exactly the subscribers it was computed for, and
 * {@code partitionCounts} holds the partition count of every topic one of them subscribes to.
 *
 * <p>Immutable and thread-safe; every change returns a new one.
 *
 * @param partitionCounts partition count of every subscribed topic when the target was computed
 * @param members         each member's target partitions
 */
record TargetAssignment(int epoch, Map<String, Integer> partitionCounts, Map<String, Set<TopicPartition>> members) {

    /** How a group computes its target: a {@link ServerAssignor}'s, or the {@link SimpleShareAssignor}'s assign. */
    @FunctionalInterface
    interface Assignor {
        Map<String, Set<TopicPartition>> assign(Collection<ServerAssignor.Subscriber> subscribers,
                                                Map<String, Integer> partitionCounts,
                                                Map<String, Set<TopicPartition>> previous);
    }

    static final TargetAssignment NONE = new TargetAssignment(0, Map.of(), Map.of());

    TargetAssignment {
        partitionCounts = Map.copyOf(partitionCounts);
        members = Map.copyOf(members);
    }

    /** The target partitions of {@code memberId}; none for a member the target does not name. */
    Set<TopicPartition> of(String memberId) {
        return members.getOrDefault(memberId, Set.of());
    }

    /**
     * Whether the partition count of a topic the subscribers subscribe to changed (or a topic became subscribed or
     * unsubscribed) since this target was computed.
     *
     * @param topics partition count of every existing topic; the subscribers name only existing topics
     */
    boolean isOutdated(Collection<ServerAssignor.Subscriber> subscribers, Map<String, Integer> topics) {
        return !subscribedCounts(subscribers, topics).equals(partitionCounts);
    }

    /** The target of {@code subscribers} at {@code newEpoch}, sticking to this one where the assignor does. */
    TargetAssignment recomputed(int newEpoch, Collection<ServerAssignor.Subscriber> subscribers,
                                Map<String, Integer> topics, Assignor assignor) {
        Map<String, Integer> counts = subscribedCounts(subscribers, topics);
        return new TargetAssignment(newEpoch, counts, assignor.assign(subscribers, counts, members));
    }

    /** This target without {@code memberId} (a member that left). */
    TargetAssignment without(String memberId) {
        Map<String, Set<TopicPartition>> kept = new HashMap<>(members);
        kept.remove(memberId);
        return new TargetAssignment(epoch, partitionCounts, kept);
    }

    /** This target with {@code oldMemberId}'s partitions under {@code newMemberId} (a static member taken over). */
    TargetAssignment renamed(String oldMemberId, String newMemberId) {
        Map<String, Set<TopicPartition>> renamed = new HashMap<>(members);
        renamed.put(newMemberId, of(oldMemberId));
        renamed.remove(oldMemberId);
        return new TargetAssignment(epoch, partitionCounts, renamed);
    }

    /** This target at another epoch (a share group created without members starts at epoch 1). */
    TargetAssignment atEpoch(int newEpoch) {
        return new TargetAssignment(newEpoch, partitionCounts, members);
    }

    private static Map<String, Integer> subscribedCounts(Collection<ServerAssignor.Subscriber> subscribers,
                                                         Map<String, Integer> topics) {
        Map<String, Integer> counts = new TreeMap<>();
        subscribers.forEach(s -> s.topics().forEach(t -> counts.put(t, topics.get(t))));
        return counts;
    }
}
