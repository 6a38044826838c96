package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's assignor of share groups, {@code simple}: every partition of a subscribed topic goes to at least one member
 * subscribed to it, and every member subscribed to a topic with partitions gets at least one. With more partitions
 * than members each partition has one member and the members' counts differ by at most one (as {@code uniform}
 * spreads them); with more members than partitions each member has one partition and the partitions' counts of
 * members differ by at most one (8 members on 2 partitions: 4 on each). Several members may share a partition: a
 * share group's records are handed out per record by the partition's leader, not per partition.
 *
 * <p>Sticky: a member keeps a partition of its previous target while that keeps the counts balanced, so that a member
 * joining or leaving moves as few members as it can. Deterministic: members are considered in member-id order,
 * partitions in topic and partition order. Stateless; thread-safe.
 */
final class SimpleShareAssignor {

    static final String NAME = "simple";

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Covers the partitions with one member each first; sharing is only for the members left without any. */
    private final ServerAssignor exclusive = new UniformAssignor();

    /**
     * The target assignment of every member; members without partitions (their topics have none) map to an empty set.
     *
     * @param members         every member with the topics it subscribes to (existing topics only)
     * @param partitionCounts partition count of every subscribed topic
     * @param current         the previous target assignment, for stickiness; may name members and partitions that are gone
     */
    Map<String, Set<TopicPartition>> assign(Collection<ServerAssignor.Subscriber> members, Map<String, Integer> partitionCounts,
                                            Map<String, Set<TopicPartition>> current) {
        Map<String, Set<TopicPartition>> target = new TreeMap<>();
        exclusive.assign(members, partitionCounts, current).forEach((id, partitions) -> target.put(id, new HashSet<>(partitions)));
        Map<TopicPartition, Integer> sharers = new HashMap<>();
        target.values().forEach(partitions -> partitions.forEach(tp -> sharers.merge(tp, 1, Integer::sum)));
        int maxSharers = sharers.isEmpty() ? 0 : (members.size() + sharers.size() - 1) / sharers.size();
        Map<String, ServerAssignor.Subscriber> byId = new TreeMap<>();
        members.forEach(m -> byId.put(m.memberId(), m));
        byId.forEach((id, member) -> {
            if (!target.get(id).isEmpty()) {
                return;
            }
            Set<TopicPartition> previous = current.getOrDefault(id, Set.of());
            sharers.keySet().stream()
                    .filter(tp -> member.topics().contains(tp.topic()))
                    .min(Comparator.comparing((TopicPartition tp) -> !(previous.contains(tp) && sharers.get(tp) < maxSharers))
                            .thenComparing(sharers::get)
                            .thenComparing(PARTITION_ORDER))
                    .ifPresent(tp -> {
                        target.get(id).add(tp);
                        sharers.merge(tp, 1, Integer::sum);
                    });
        });
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        target.forEach((id, partitions) -> result.put(id, Set.copyOf(partitions)));
        return result;
    }
}
