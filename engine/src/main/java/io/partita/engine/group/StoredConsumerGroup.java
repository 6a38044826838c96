package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the coordinator keeps of a consumer-protocol group (KIP-848) across restarts: its epochs, the partition counts
 * its target assignment was computed from, and every member with its subscription, reconciliation state and target.
 * A group reloaded from it continues where it was; its members' sessions start again.
 *
 * @param partitionCounts partition count of every subscribed topic when the target assignment was computed
 */
public record StoredConsumerGroup(int groupEpoch, int assignmentEpoch, Map<String, Integer> partitionCounts,
                                  List<Member> members) {

    public StoredConsumerGroup {
        partitionCounts = Map.copyOf(partitionCounts);
        members = List.copyOf(members);
    }

    /**
     * One member.
     *
     * @param instanceId      null for a dynamic member
     * @param rackId          null when unknown
     * @param topicRegex      null when none
     * @param regexTopics     the topics {@code topicRegex} resolved to for this member (empty without a regex)
     * @param serverAssignor  null when the member names none
     * @param state           the reconciliation state ({@link ConsumerGroupMember.State#ordinal()})
     */
    public record Member(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                         int rebalanceTimeoutMs, List<String> topicNames, String topicRegex, Set<String> regexTopics,
                         String serverAssignor, int memberEpoch, int previousMemberEpoch, int state,
                         Set<TopicPartition> assigned, Set<TopicPartition> pendingRevocation, Set<TopicPartition> target) {

        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientHost, "clientHost");
            topicNames = List.copyOf(topicNames);
            regexTopics = Set.copyOf(regexTopics);
            assigned = Set.copyOf(assigned);
            pendingRevocation = Set.copyOf(pendingRevocation);
            target = Set.copyOf(target);
        }
    }
}
