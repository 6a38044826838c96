package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where the coordinator keeps committed offsets and group metadata, and which groups this node coordinates.
 *
 * <p>Writes are durable when they return: a commit is acknowledged only after it. A write that fails throws a Kafka
 * {@link org.apache.kafka.common.errors.ApiException} whose error the coordinator answers (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, INVALID_COMMIT_OFFSET_SIZE, UNKNOWN_SERVER_ERROR) and changes nothing.
 *
 * <p>The coordinator calls it from its own single thread only; implementations need no locking for that.
 */
public interface GroupStore {

    /**
     * Recovers the stored state of the groups this node coordinates, before any other call: every group with
     * stored metadata or offsets, the latter as {@link StoredGroup#withoutMembersEver}. Offsets become readable
     * through {@link #offsets}.
     */
    Map<String, StoredGroup> load();

    /**
     * The broker that coordinates the group, deciding it when nobody does yet (creating what that takes); empty
     * when no broker can coordinate it now.
     */
    OptionalInt coordinatorNodeId(String groupId);

    /** True when this node coordinates the group. */
    boolean coordinates(String groupId);

    /** Records the offsets, replacing earlier ones of the same partitions. */
    void storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets);

    /** Every offset the group committed; empty when none. */
    Map<TopicPartition, CommittedOffset> offsets(String groupId);

    /** Forgets the group's offsets of these partitions. */
    void deleteOffsets(String groupId, Set<TopicPartition> partitions);

    /**
     * Holds offsets committed inside the transaction of {@code producerId} (TxnOffsetCommit); {@link #offsets} does
     * not show them until {@link #transactionEnded} commits it.
     *
     * @throws org.apache.kafka.common.errors.ProducerFencedException when a later epoch of the producer id already
     *         ended a transaction here
     */
    void storePendingOffsets(String groupId, long producerId, short producerEpoch, Map<TopicPartition, CommittedOffset> offsets);

    /**
     * The marker of {@code producerId}'s transaction is written to partition {@code offsetsPartition} of
     * {@code __consumer_offsets}: on commit the pending offsets of the groups of that partition become their
     * committed offsets, on abort they are dropped.
     */
    void transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit);

    /** Records the group's current generation, replacing the one stored before. */
    void storeGroup(String groupId, StoredGroup group);

    /** Forgets the group: its metadata (of either kind) and every offset it committed. */
    void deleteGroup(String groupId);

    /**
     * The consumer-protocol groups (KIP-848) the last {@link #load()} recovered; none of them is also in what
     * {@code load()} returned.
     */
    Map<String, StoredConsumerGroup> loadedConsumerGroups();

    /**
     * Records the state of a consumer-protocol group, replacing the one stored before and any classic group metadata
     * of the same id (the group id space is shared). {@link #storeGroup} likewise replaces consumer group metadata.
     */
    void storeConsumerGroup(String groupId, StoredConsumerGroup group);
}
