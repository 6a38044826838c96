package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Optional;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka's default server-side assignor, {@code uniform}: balanced and sticky. Every member keeps the partitions of
 * its previous target that it still subscribes to (as far as balance allows), the rest go one by one to the eligible
 * member with the fewest, and partitions then move from a member to an eligible one with at least two fewer until no
 * such move is left. With identical subscriptions the counts differ by at most one.
 *
 * <p>Deterministic: members are considered in member-id order, partitions in topic and partition order. Stateless;
 * thread-safe.
 */
final class UniformAssignor implements ServerAssignor {

    static final String NAME = "uniform";

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Set<TopicPartition>> assign(Collection<Subscriber> members, Map<String, Integer> partitionCounts,
                                                   Map<String, Set<TopicPartition>> current) {
        Map<String, Subscriber> byId = new TreeMap<>();
        members.forEach(m -> byId.put(m.memberId(), m));
        Map<String, Set<TopicPartition>> target = new TreeMap<>();
        byId.keySet().forEach(id -> target.put(id, new TreeSet<>(PARTITION_ORDER)));

        Set<TopicPartition> wanted = new TreeSet<>(PARTITION_ORDER);
        byId.values().forEach(m -> m.topics().forEach(topic -> {
            for (int p = 0; p < partitionCounts.getOrDefault(topic, 0); p++) {
                wanted.add(new TopicPartition(topic, p));
            }
        }));
        int fairShare = byId.isEmpty() ? 0 : (wanted.size() + byId.size() - 1) / byId.size();
        Set<TopicPartition> taken = new HashSet<>();
        byId.forEach((id, member) -> current.getOrDefault(id, Set.of()).stream()
                .filter(tp -> wanted.contains(tp) && member.topics().contains(tp.topic()) && !taken.contains(tp))
                .sorted(PARTITION_ORDER)
                .limit(fairShare)
                .forEach(tp -> {
                    taken.add(tp);
                    target.get(id).add(tp);
                }));
        for (TopicPartition tp : wanted) {
            if (!taken.contains(tp)) {
                leastLoaded(byId, target, tp, Integer.MAX_VALUE).ifPresent(id -> target.get(id).add(tp));
            }
        }
        balance(byId, target);
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        target.forEach((id, partitions) -> result.put(id, Set.copyOf(partitions)));
        return result;
    }

    /** Moves partitions from fuller members to eligible emptier ones until no move narrows a gap of two or more. */
    private static void balance(Map<String, Subscriber> members, Map<String, Set<TopicPartition>> target) {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> fullestFirst = target.keySet().stream()
                    .sorted(Comparator.comparingInt((String id) -> target.get(id).size()).reversed()).toList();
            for (String from : fullestFirst) {
                for (TopicPartition tp : List.copyOf(target.get(from))) {
                    var to = leastLoaded(members, target, tp, target.get(from).size() - 1);
                    if (to.isPresent()) {
                        target.get(from).remove(tp);
                        target.get(to.get()).add(tp);
                        moved = true;
                        break;
                    }
                }
                if (moved) {
                    break;
                }
            }
        }
    }

    /** The member subscribed to the partition's topic with the fewest partitions, below {@code below}. */
    private static Optional<String> leastLoaded(Map<String, Subscriber> members,
                                                          Map<String, Set<TopicPartition>> target,
                                                          TopicPartition tp, int below) {
        String best = null;
        for (Subscriber m : members.values()) {
            int size = target.get(m.memberId()).size();
            if (m.topics().contains(tp.topic()) && size < below
                    && (best == null || size < target.get(best).size())) {
                best = m.memberId();
            }
        }
        return Optional.ofNullable(best);
    }
}
