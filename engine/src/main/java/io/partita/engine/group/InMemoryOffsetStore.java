package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets in memory only: they are lost when the node stops. Confined to the coordinator's thread
 * (see {@link OffsetStore}); not thread-safe otherwise.
 */
public final class InMemoryOffsetStore implements OffsetStore {

    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();

    @Override
    public CompletableFuture<Void> store(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        return offsets == null ? Map.of() : Map.copyOf(offsets);
    }

    @Override
    public void delete(String groupId, Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.keySet().removeAll(partitions);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
            }
        }
    }
}
