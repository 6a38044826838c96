package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A ConsumerGroupHeartbeat as the coordinator sees it (topics by name). Fields a member sends only when they change
 * are null (or -1) when unchanged.
 *
 * @param memberEpoch          0 to join, -1 to leave, -2 for a static member leaving for now, else the member's epoch
 * @param instanceId           null for a dynamic member
 * @param rackId               null when unchanged or unknown
 * @param rebalanceTimeoutMs   -1 when unchanged
 * @param subscribedTopicNames null when unchanged
 * @param subscribedTopicRegex null when unchanged; empty to drop the regex
 * @param serverAssignor       null when unchanged
 * @param ownedPartitions      the partitions the member owns; null when unchanged since its last heartbeat
 */
public record ConsumerHeartbeat(String groupId, String memberId, int memberEpoch, String instanceId, String rackId,
                                int rebalanceTimeoutMs, List<String> subscribedTopicNames, String subscribedTopicRegex,
                                String serverAssignor, Set<TopicPartition> ownedPartitions, String clientId,
                                String clientHost) {

    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;
    public static final int STATIC_LEAVE_EPOCH = -2;

    public ConsumerHeartbeat {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        subscribedTopicNames = subscribedTopicNames == null ? null : List.copyOf(subscribedTopicNames);
        ownedPartitions = ownedPartitions == null ? null : Set.copyOf(ownedPartitions);
    }
}
