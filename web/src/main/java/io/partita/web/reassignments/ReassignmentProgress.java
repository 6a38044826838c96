package io.partita.web.reassignments;

import io.partita.web.kafka.PartitionSizes;
import io.partita.web.reassignments.TopicReassignments.PartitionReplicas;
import io.partita.web.reassignments.TopicReassignments.ReplicaCopy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where topics' replicas are and how far their running reassignments have come: each added replica's log size against
 * the leader's (one DescribeLogDirs of the nodes concerned) and whether it has joined the ISR. Stateless.
 */
final class ReassignmentProgress {

    private ReassignmentProgress() {
    }

    /**
     * @param topics  the topics to show
     * @param running the running reassignments of (some of) their partitions (ListPartitionReassignments)
     * @return a view of each topic, in the order given
     */
    static List<TopicReassignments> of(Admin admin, Collection<TopicDescription> topics,
                                       Map<TopicPartition, PartitionReassignment> running) {
        Map<TopicPartition, List<Integer>> measured = new HashMap<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                TopicPartition key = new TopicPartition(topic.name(), partition.partition());
                PartitionReassignment reassignment = running.get(key);
                if (reassignment == null) continue;
                List<Integer> holders = new ArrayList<>(reassignment.addingReplicas());
                if (hasLeader(partition)) holders.add(partition.leader().id());
                measured.put(key, holders);
            }
        }
        Map<TopicPartition, Map<Integer, Long>> sizes = PartitionSizes.ofReplicas(admin, measured);
        return topics.stream().map(topic -> {
            List<PartitionReplicas> views = topic.partitions().stream()
                    .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
                    .map(partition -> {
                        TopicPartition key = new TopicPartition(topic.name(), partition.partition());
                        return view(partition, running.get(key), sizes.getOrDefault(key, Map.of()));
                    })
                    .toList();
            return new TopicReassignments(topic.name(), views.stream().anyMatch(PartitionReplicas::reassigning), views);
        }).toList();
    }

    private static PartitionReplicas view(TopicPartitionInfo partition, PartitionReassignment running,
                                          Map<Integer, Long> sizes) {
        List<Integer> isr = ids(partition.isr());
        int leader = hasLeader(partition) ? partition.leader().id() : -1;
        if (running == null) {
            return new PartitionReplicas(partition.partition(), leader, ids(partition.replicas()), isr, false,
                    List.of(), List.of(), null, List.of());
        }
        List<ReplicaCopy> progress = running.addingReplicas().stream()
                .map(broker -> new ReplicaCopy(broker, sizes.get(broker), isr.contains(broker)))
                .toList();
        return new PartitionReplicas(partition.partition(), leader, ids(partition.replicas()), isr, true,
                running.addingReplicas(), running.removingReplicas(), sizes.get(leader), progress);
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
