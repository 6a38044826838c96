package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets in memory, in one partition that this node always leads, so that it coordinates every group.
 * Group metadata needs no keeping here: the coordinator holds it. Also the cache behind {@link OffsetsTopicStore}.
 * Confined to the coordinator's thread (see {@link GroupStore}); not thread-safe otherwise.
 */
public final class InMemoryGroupStore implements GroupStore {

    private final int nodeId;
    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
    private final PendingTxnOffsets pending = new PendingTxnOffsets();

    /** @param nodeId this node, the coordinator of every group */
    public InMemoryGroupStore(int nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public int partitionOf(String groupId) {
        return 0;
    }

    @Override
    public void observeLeadership(Leadership listener) {
        listener.led(0, 0);
    }

    @Override
    public StoredPartition read(int partition) {
        return StoredPartition.empty();
    }

    @Override
    public void install(int partition, StoredPartition stored) {
        stored.offsets().forEach((groupId, offsets) -> byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets));
        pending.addAll(stored.pendingOffsets());
    }

    @Override
    public void unload(int partition) {
        byGroup.clear();
        pending.removeGroups(groupId -> true);
    }

    /** The groups that have committed offsets. */
    Set<String> groupIds() {
        return Set.copyOf(byGroup.keySet());
    }

    @Override
    public OptionalInt coordinatorNodeId(String groupId) {
        return OptionalInt.of(nodeId);
    }

    @Override
    public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        return offsets == null ? Map.of() : Map.copyOf(offsets);
    }

    @Override
    public void deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.keySet().removeAll(partitions);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
            }
        }
    }

    @Override
    public CompletableFuture<Void> storePendingOffsets(String groupId, long producerId, short producerEpoch,
                                                       Map<TopicPartition, CommittedOffset> offsets) {
        pending.checkEpoch(producerId, producerEpoch);
        pending.add(producerId, groupId, offsets);
        return CompletableFuture.completedFuture(null);
    }

    /** Every group is in every partition here: a node alone coordinates them all. */
    @Override
    public void transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit) {
        Map<String, Map<TopicPartition, CommittedOffset>> ended = pending.end(producerId, producerEpoch, groupId -> true);
        if (commit) ended.forEach(this::storeOffsets);
    }

    @Override
    public void storeGroup(String groupId, StoredGroup group) {
    }

    @Override
    public void storeConsumerGroup(String groupId, StoredConsumerGroup group) {
    }

    @Override
    public void storeShareGroup(String groupId, StoredShareGroup group) {
    }

    @Override
    public void deleteGroup(String groupId) {
        byGroup.remove(groupId);
    }
}
