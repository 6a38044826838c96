package io.partita.engine.protocol;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Deletes the share-partition state of share groups that DeleteGroups is about to delete, as Kafka 4.4 does first. */
@FunctionalInterface
public interface ShareGroupStateDeletion {

    /** A node without share coordinators: there is no state to delete. */
    ShareGroupStateDeletion NONE = statePartitions -> CompletableFuture.completedFuture(Map.of());

    /**
     * Deletes the state of each group's share partitions; per group, NONE or the error deleting one of them failed
     * with (a group left out had nothing to delete). Never fails.
     */
    CompletableFuture<Map<String, Errors>> delete(Map<String, Set<TopicPartition>> statePartitions);
}
