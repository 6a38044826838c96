package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where committed offsets live. The coordinator calls it from its own single thread only, so an implementation
 * needs no locking of its own for that; {@link #store} may complete later from any thread (a persistent store
 * completes once its write is durable) and the commit is answered only then.
 */
public interface OffsetStore {

    /** Records the offsets, replacing earlier ones of the same partitions. */
    CompletableFuture<Void> store(String groupId, Map<TopicPartition, CommittedOffset> offsets);

    /** Every offset the group committed; empty when none. */
    Map<TopicPartition, CommittedOffset> offsets(String groupId);

    /** Forgets the group's offsets of these partitions. */
    void delete(String groupId, Set<TopicPartition> partitions);
}
