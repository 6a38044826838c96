package io.partita.engine.group;

import io.partita.engine.coordinator.PartitionSource;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The log the group coordinator writes its records to, split into partitions (those of {@code __consumer_offsets});
 * this node coordinates the groups of the partitions it leads. The store keeps no state of its own beyond the log:
 * {@link #read} replays a partition's records (and transaction markers) into a fresh {@link OffsetsTopicState}, and
 * the coordinator replays what it {@link #append appends} into its own.
 *
 * <p>An append that fails throws a Kafka {@link org.apache.kafka.common.errors.ApiException} whose error the
 * coordinator answers (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, INVALID_COMMIT_OFFSET_SIZE, UNKNOWN_SERVER_ERROR),
 * and has appended nothing.
 *
 * <p>The coordinator calls it from its own single thread only, except {@link #read} (any thread) and
 * {@link #observeLeadership} (once); implementations need no locking for that. {@link #install} and {@link #unload}
 * have nothing to do: what a partition holds lives in the coordinator's state.
 */
public interface GroupStore extends PartitionSource<OffsetsTopicState> {

    /** The partition that holds the group. */
    int partitionOf(String groupId);

    /**
     * The broker that coordinates the group, deciding it when nobody does yet (creating what that takes); empty
     * when no broker can coordinate it now.
     */
    OptionalInt coordinatorNodeId(String groupId);

    /**
     * Appends records of one group to its partition, all or none. Returns once they are in the partition's log;
     * the future completes, on any thread, when they are as durable as the store makes them (every in-sync replica
     * has them), or fails with the error that kept them from it.
     *
     * @throws org.apache.kafka.common.errors.ApiException when nothing could be appended
     */
    CompletableFuture<Void> append(String groupId, List<GroupRecord> records);
}
