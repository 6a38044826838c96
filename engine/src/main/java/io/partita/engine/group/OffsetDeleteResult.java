package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.Map;

/**
 * The outcome of an OffsetDelete: a group-level error, or one error per requested partition.
 *
 * @param partitions empty when {@code error} is not NONE
 */
public record OffsetDeleteResult(Errors error, Map<TopicPartition, Errors> partitions) {

    public OffsetDeleteResult {
        partitions = Map.copyOf(partitions);
    }

    static OffsetDeleteResult error(Errors error) {
        return new OffsetDeleteResult(error, Map.of());
    }
}
