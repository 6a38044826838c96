package io.partita.engine.group;

import io.partita.engine.coordinator.PartitionSource;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator keeps committed offsets and group metadata, split into partitions (those of
 * {@code __consumer_offsets}); this node coordinates the groups of the partitions it leads.
 *
 * <p>A write that fails throws (or, for offsets, completes exceptionally with) a Kafka
 * {@link org.apache.kafka.common.errors.ApiException} whose error the coordinator answers (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, INVALID_COMMIT_OFFSET_SIZE, UNKNOWN_SERVER_ERROR) and changes nothing.
 *
 * <p>The coordinator calls it from its own single thread only, except {@link #read} (any thread) and
 * {@link #observeLeadership} (once); implementations need no locking for that.
 */
public interface GroupStore extends PartitionSource<GroupStore.StoredPartition> {

    /**
     * What one partition holds: classic group metadata, consumer-protocol groups (KIP-848) and share groups
     * (KIP-932; an id is in one of the three at most), the committed offsets of every group that has some, and the
     * offsets committed inside transactions not ended yet (producer id to group to offsets).
     */
    record StoredPartition(Map<String, StoredGroup> groups, Map<String, StoredConsumerGroup> consumerGroups,
                           Map<String, StoredShareGroup> shareGroups,
                           Map<String, Map<TopicPartition, CommittedOffset>> offsets,
                           Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pendingOffsets) {

        public StoredPartition {
            groups = Map.copyOf(groups);
            consumerGroups = Map.copyOf(consumerGroups);
            shareGroups = Map.copyOf(shareGroups);
            offsets = Map.copyOf(offsets);
            pendingOffsets = Map.copyOf(pendingOffsets);
        }

        static StoredPartition empty() {
            return new StoredPartition(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    /** The partition that holds the group. */
    int partitionOf(String groupId);

    /**
     * Makes the offsets of a partition just {@link #read} readable through {@link #offsets}, and its pending
     * transactional offsets ready for {@link #transactionEnded}.
     */
    @Override
    void install(int partition, StoredPartition stored);

    /**
     * The broker that coordinates the group, deciding it when nobody does yet (creating what that takes); empty
     * when no broker can coordinate it now.
     */
    OptionalInt coordinatorNodeId(String groupId);

    /**
     * Records the offsets, replacing earlier ones of the same partitions. They are readable through
     * {@link #offsets} at once; the future completes, on any thread, when they are as durable as the store makes
     * them (every in-sync replica has them).
     */
    CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets);

    /** Every offset the group committed; empty when none. */
    Map<TopicPartition, CommittedOffset> offsets(String groupId);

    /** Forgets the group's offsets of these partitions. */
    void deleteOffsets(String groupId, Set<TopicPartition> partitions);

    /**
     * Holds offsets committed inside the transaction of {@code producerId} (TxnOffsetCommit); {@link #offsets} does
     * not show them until {@link #transactionEnded} commits it. The future completes as for {@link #storeOffsets}.
     *
     * @throws org.apache.kafka.common.errors.ProducerFencedException when a later epoch of the producer id already
     *         ended a transaction here
     */
    CompletableFuture<Void> storePendingOffsets(String groupId, long producerId, short producerEpoch, Map<TopicPartition, CommittedOffset> offsets);

    /**
     * The marker of {@code producerId}'s transaction is written to partition {@code offsetsPartition} of
     * {@code __consumer_offsets}: on commit the pending offsets of the groups of that partition become their
     * committed offsets, on abort they are dropped.
     */
    void transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit);

    /** Records the group's current generation, replacing the one stored before. */
    void storeGroup(String groupId, StoredGroup group);

    /** Forgets the group: its metadata (of any kind) and every offset it committed. */
    void deleteGroup(String groupId);

    /**
     * Records the state of a consumer-protocol group, replacing the one stored before and any classic group metadata
     * of the same id (the group id space is shared). {@link #storeGroup} likewise replaces consumer group metadata.
     */
    void storeConsumerGroup(String groupId, StoredConsumerGroup group);

    /**
     * Records the state of a share group, replacing the one stored before. A share group never becomes another kind
     * (nor the reverse) while it exists, so no other kind's metadata is replaced.
     */
    void storeShareGroup(String groupId, StoredShareGroup group);
}
