package io.partita.engine.protocol;

import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A share group's share-partition state at the share coordinators, by topic name, as the group APIs use it: read for
 * describing the group's offsets, set anew for altering them, deleted with them or with the group. A name stands for
 * the topic of that name now (the state of a topic deleted and created again under its name is the new topic's).
 * Thread-safe.
 */
final class ShareGroupStates {

    private final ShareStateStore store;
    private final GroupTopics topics;

    ShareGroupStates(ShareStateStore store, GroupTopics topics) {
        this.store = store;
        this.topics = topics;
    }

    /**
     * The share partition's state without recording a leader epoch (ReadShareGroupStateSummary), uninitialized when it
     * has none or the topic does not exist; fails with the share coordinator's error.
     */
    CompletableFuture<ShareState> summary(String groupId, TopicPartition tp) {
        Uuid topicId = topics.id(tp.topic());
        if (topicId == null) return CompletableFuture.completedFuture(ShareState.uninitialized());
        return store.summary(new ShareStateKey(groupId, topicId, tp.partition()), ShareState.NO_EPOCH);
    }

    /**
     * Sets the share partition's state anew at {@code startOffset} (-1: where the group's {@code share.auto.offset.reset}
     * says at its next fetch), nothing delivered, under a state epoch above the current one, so that a partition
     * leader still holding the old state is refused its next write and reads the state again. Fails with
     * UNKNOWN_TOPIC_OR_PARTITION when the topic does not exist, else with the share coordinator's error.
     */
    CompletableFuture<Void> reset(String groupId, TopicPartition tp, long startOffset) {
        Uuid topicId = topics.id(tp.topic());
        if (topicId == null) return CompletableFuture.failedFuture(new UnknownTopicOrPartitionException());
        ShareStateKey key = new ShareStateKey(groupId, topicId, tp.partition());
        return store.summary(key, ShareState.NO_EPOCH)
                .thenCompose(current -> store.initialize(key, current.stateEpoch() + 1, startOffset));
    }

    /**
     * Deletes the state of the group's share partitions (a topic gone meanwhile has none left to delete); for each topic
     * among them, NONE or the error one of its partitions failed with. Never fails.
     */
    CompletableFuture<Map<String, Errors>> delete(String groupId, Collection<TopicPartition> partitions) {
        Map<String, Errors> results = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            results.putIfAbsent(tp.topic(), Errors.NONE);
            Uuid topicId = topics.id(tp.topic());
            if (topicId == null) continue;
            deletions.add(store.delete(new ShareStateKey(groupId, topicId, tp.partition())).handle((done, failure) -> {
                if (failure != null) results.put(tp.topic(), Errors.forException(failure));
                return null;
            }));
        }
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(all -> Map.copyOf(results));
    }

    /**
     * Deletes the share-partition state of share groups about to be deleted (DeleteGroups): per group, NONE or the
     * first error one of its share partitions failed with. Never fails.
     */
    CompletableFuture<Map<String, Errors>> deleteGroups(Map<String, Set<TopicPartition>> statePartitions) {
        Map<String, Errors> results = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        statePartitions.forEach((groupId, partitions) -> deletions.add(delete(groupId, partitions).thenAccept(byTopic ->
                results.put(groupId, byTopic.values().stream().filter(e -> e != Errors.NONE).findFirst().orElse(Errors.NONE)))));
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(all -> Map.copyOf(results));
    }
}
