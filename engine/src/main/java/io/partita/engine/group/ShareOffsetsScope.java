package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.Set;

/**
 * What the group coordinator answers before a share group's offsets are described, altered or deleted: the share
 * partitions the group has state of, or why the request may not go on.
 *
 * @param error           NONE, or the error that answers the whole request
 * @param message         Kafka's message for {@code error}; null when there is none
 * @param statePartitions the share partitions the group has state of; empty on error or when there is no such group
 */
public record ShareOffsetsScope(Errors error, String message, Set<TopicPartition> statePartitions) {

    public ShareOffsetsScope {
        statePartitions = Set.copyOf(statePartitions);
    }

    static ShareOffsetsScope refused(Errors error, String message) {
        return new ShareOffsetsScope(error, message, Set.of());
    }
}
