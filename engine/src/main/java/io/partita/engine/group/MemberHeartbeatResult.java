package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.Set;

/**
 * The answer to a member's heartbeat under a server-assigned protocol: a {@link ConsumerHeartbeat} (KIP-848) or a
 * {@link ShareHeartbeat} (KIP-932).
 *
 * @param message    null when Kafka sends none
 * @param memberId   null on error
 * @param assignment the partitions the member is to own (or, in a share group, share) now; null when the member
 *                   already knows them
 */
public record MemberHeartbeatResult(Errors error, String message, String memberId, int memberEpoch,
                                    int heartbeatIntervalMs, Set<TopicPartition> assignment) {

    static MemberHeartbeatResult error(Errors error, String message) {
        return new MemberHeartbeatResult(error, message, null, 0, 0, null);
    }
}
