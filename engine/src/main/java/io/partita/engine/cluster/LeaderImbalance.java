package io.partita.engine.cluster;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic preferred-leader rebalance's choice ({@code auto.leader.rebalance.enable}): a broker's imbalance
 * is the share of the partitions it is preferred leader of (first replica) that another broker leads. When that
 * share exceeds {@code leader.imbalance.per.broker.percentage}, every such partition whose preferred replica is
 * alive and in sync goes back to it. Stateless.
 */
final class LeaderImbalance {

    private LeaderImbalance() {
    }

    /** The partitions to give back to their preferred leaders. */
    static List<TopicPartition> toRebalance(Collection<TopicMetadata> topics, Set<Integer> live, int percentage) {
        Map<Integer, Integer> preferredCount = new HashMap<>();
        Map<Integer, List<TopicPartition>> notLeading = new HashMap<>();
        for (TopicMetadata t : topics) {
            for (PartitionAssignment p : t.partitions()) {
                int preferred = p.replicas().get(0);
                preferredCount.merge(preferred, 1, Integer::sum);
                if (p.leader() != preferred) {
                    notLeading.computeIfAbsent(preferred, b -> new ArrayList<>()).add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        List<TopicPartition> result = new ArrayList<>();
        notLeading.forEach((broker, partitions) -> {
            if (!live.contains(broker)) return;
            if (partitions.size() * 100L <= (long) percentage * preferredCount.get(broker)) return;
            result.addAll(partitions);
        });
        return result;
    }
}
