package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.Set;

/**
 * The answer to a {@link ConsumerHeartbeat}.
 *
 * @param message    null when Kafka sends none
 * @param memberId   null on error
 * @param assignment the partitions the member is to own now; null when the member already knows them
 */
public record ConsumerHeartbeatResult(Errors error, String message, String memberId, int memberEpoch,
                                      int heartbeatIntervalMs, Set<TopicPartition> assignment) {

    static ConsumerHeartbeatResult error(Errors error, String message) {
        return new ConsumerHeartbeatResult(error, message, null, 0, 0, null);
    }
}
