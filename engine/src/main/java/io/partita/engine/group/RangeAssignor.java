package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's server-side {@code range} assignor: topic by topic, the members subscribed to it in member-id order get
 * consecutive ranges of its partitions, the first {@code partitions % members} one more than the others. Members
 * with the same subscriptions thus get the same partition numbers of co-partitioned topics.
 *
 * <p>Unlike Kafka's (which keeps a member's previous partitions when its quota allows) it does not look at the
 * previous assignment. Stateless; thread-safe.
 */
final class RangeAssignor implements ServerAssignor {

    static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Set<TopicPartition>> assign(Collection<Subscriber> members, Map<String, Integer> partitionCounts,
                                                   Map<String, Set<TopicPartition>> current) {
        Map<String, Set<TopicPartition>> target = new HashMap<>();
        Map<String, List<String>> subscribersByTopic = new TreeMap<>();
        members.stream().sorted(Comparator.comparing(Subscriber::memberId)).forEach(m -> {
            target.put(m.memberId(), new HashSet<>());
            m.topics().forEach(t -> subscribersByTopic.computeIfAbsent(t, k -> new ArrayList<>()).add(m.memberId()));
        });
        subscribersByTopic.forEach((topic, subscribers) -> {
            int partitions = partitionCounts.getOrDefault(topic, 0);
            int base = partitions / subscribers.size();
            int extra = partitions % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = base + (i < extra ? 1 : 0);
                for (int p = next; p < next + count; p++) {
                    target.get(subscribers.get(i)).add(new TopicPartition(topic, p));
                }
                next += count;
            }
        });
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        target.forEach((id, partitions) -> result.put(id, Set.copyOf(partitions)));
        return result;
    }
}
