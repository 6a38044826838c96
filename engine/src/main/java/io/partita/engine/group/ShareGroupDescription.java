package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Set;

/**
 * One share group (KIP-932) as ShareGroupDescribe shows it.
 *
 * @param error        NONE for a share group; else GROUP_ID_NOT_FOUND, NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS
 *                     (the rest is then empty)
 * @param errorMessage null, or why the group is answered with {@code error}
 * @param state        Kafka's name: Empty or Stable
 */
public record ShareGroupDescription(String groupId, Errors error, String errorMessage, String state, int groupEpoch,
                                    int assignmentEpoch, String assignorName, List<Member> members) {

    public ShareGroupDescription {
        members = List.copyOf(members);
    }

    /** A group this node cannot describe (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS) or does not know. */
    static ShareGroupDescription error(String groupId, Errors error, String message) {
        return new ShareGroupDescription(groupId, error, message, "", 0, 0, "", List.of());
    }

    /**
     * @param rackId     null when unknown
     * @param assignment the partitions the member was last told
     */
    public record Member(String memberId, String rackId, int memberEpoch, String clientId, String clientHost,
                         List<String> topicNames, Set<TopicPartition> assignment) {
    }
}
