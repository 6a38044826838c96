package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Set;

/**
 * One consumer-protocol group as ConsumerGroupDescribe shows it.
 *
 * @param error           NONE for a consumer group; else GROUP_ID_NOT_FOUND, NOT_COORDINATOR or
 *                        COORDINATOR_LOAD_IN_PROGRESS (the rest is then empty)
 * @param errorMessage    null, or why the group is answered with {@code error}
 * @param state           Kafka's name: Empty, Assigning, Reconciling, Stable
 * @param assignorName    the assignor of the last target assignment (the default one before any)
 */
public record ConsumerGroupDescription(String groupId, Errors error, String errorMessage, String state, int groupEpoch,
                                       int assignmentEpoch, String assignorName, List<Member> members) {

    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    static ConsumerGroupDescription notFound(String groupId, String message) {
        return error(groupId, Errors.GROUP_ID_NOT_FOUND, message);
    }

    /** A group this node cannot describe (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS) or does not know. */
    static ConsumerGroupDescription error(String groupId, Errors error, String message) {
        return new ConsumerGroupDescription(groupId, error, message, "", 0, 0, "", List.of());
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
