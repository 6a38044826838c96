package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Set;

/**
 * One consumer-protocol group as ConsumerGroupDescribe shows it.
 *
 * @param notFoundMessage null for a consumer group; else why the group is answered GROUP_ID_NOT_FOUND (the rest
 *                        is then empty)
 * @param state           Kafka's name: Empty, Assigning, Reconciling, Stable
 * @param assignorName    the assignor of the last target assignment (the default one before any)
 */
public record ConsumerGroupDescription(String groupId, String notFoundMessage, String state, int groupEpoch,
                                       int assignmentEpoch, String assignorName, List<Member> members) {

    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    static ConsumerGroupDescription notFound(String groupId, String message) {
        return new ConsumerGroupDescription(groupId, message, "", 0, 0, "", List.of());
    }

    /**
     * @param instanceId null for a dynamic member
     * @param rackId     null when unknown
     * @param topicRegex null when none
     */
    public record Member(String memberId, String instanceId, String rackId, int memberEpoch, String clientId,
                         String clientHost, List<String> topicNames, String topicRegex,
                         Set<TopicPartition> assignment, Set<TopicPartition> target) {
    }
}
