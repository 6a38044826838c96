package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the coordinator keeps of a share group (KIP-932) across restarts and coordinator moves, as Kafka keeps its
 * share group metadata, member metadata, target and current assignments and share-partition state metadata: its
 * epochs, the partition counts its target assignment was computed from, every member with its subscription, what it
 * was last told and its target, and the share partitions it has state of. A group reloaded from it continues where
 * it was; its members' sessions start again.
 *
 * @param partitionCounts partition count of every subscribed topic when the target assignment was computed
 * @param statePartitions the share partitions whose state the group keeps at their share coordinators (Kafka's
 *                        initialized share partitions): what describing its offsets lists and deleting it deletes
 */
public record StoredShareGroup(int groupEpoch, int assignmentEpoch, Map<String, Integer> partitionCounts,
                               List<Member> members, Set<TopicPartition> statePartitions) {

    public StoredShareGroup {
        partitionCounts = Map.copyOf(partitionCounts);
        members = List.copyOf(members);
        statePartitions = Set.copyOf(statePartitions);
    }

    /**
     * One member.
     *
     * @param rackId   null when unknown
     * @param assigned the partitions it was last told, at {@code memberEpoch}
     * @param target   the partitions of the group's target assignment for it
     */
    public record Member(String memberId, String rackId, String clientId, String clientHost, List<String> topicNames,
                         int memberEpoch, int previousMemberEpoch, Set<TopicPartition> assigned,
                         Set<TopicPartition> target) {

        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientHost, "clientHost");
            topicNames = List.copyOf(topicNames);
            assigned = Set.copyOf(assigned);
            target = Set.copyOf(target);
        }
    }
}
