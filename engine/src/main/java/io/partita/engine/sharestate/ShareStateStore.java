package io.partita.engine.sharestate;

import java.util.concurrent.CompletableFuture;

/**
 * Where a partition leader keeps the durable state of its share partitions (KIP-932's share-group state persister):
 * the share coordinator of {@code __share_group_state}. {@link ShareCoordinator} is the local one; a leader that is
 * not itself the key's coordinator reaches it through the inter-broker APIs (InitializeShareGroupState,
 * ReadShareGroupState, WriteShareGroupState, DeleteShareGroupState) instead.
 *
 * <p>Every operation completes on any thread; it fails with the Kafka
 * {@link org.apache.kafka.common.errors.ApiException} its API answers: NOT_COORDINATOR (this node does not lead the
 * key's state partition), COORDINATOR_LOAD_IN_PROGRESS (it is still reading it), COORDINATOR_NOT_AVAILABLE (the
 * write did not reach the in-sync replicas, or the topic is not there yet), FENCED_LEADER_EPOCH, FENCED_STATE_EPOCH,
 * INVALID_REQUEST. A failed operation changed nothing. Writes complete once every in-sync replica holds them, and
 * only then are they visible to reads. Thread-safe.
 */
public interface ShareStateStore {

    /**
     * Sets the share partition's state anew: {@code stateEpoch} at {@code startOffset} (-1: not known yet), nothing
     * delivered. Changes nothing when the state already is at {@code stateEpoch}; fails with FENCED_STATE_EPOCH when
     * it is at a newer one.
     */
    CompletableFuture<Void> initialize(ShareStateKey key, int stateEpoch, long startOffset);

    /**
     * The share partition's state, {@link ShareState#uninitialized()} when it has none. A {@code leaderEpoch} newer
     * than the one stored is recorded first (so that leaders of older epochs are fenced from then on); an older one
     * fails with FENCED_LEADER_EPOCH; {@link ShareState#NO_EPOCH} is neither checked nor recorded.
     */
    CompletableFuture<ShareState> read(ShareStateKey key, int leaderEpoch);

    /**
     * The share partition's state as {@link #read} gives it, without recording {@code leaderEpoch}
     * (ReadShareGroupStateSummary: what describing a group's offsets asks).
     */
    CompletableFuture<ShareState> summary(ShareStateKey key, int leaderEpoch);

    /**
     * Applies a write made by {@link ShareState#write} (see {@link ShareState#merged} for its rule). A share
     * partition without state gets the write as its whole state.
     */
    CompletableFuture<Void> write(ShareStateKey key, ShareState write);

    /** Forgets the share partition's state; nothing to do when it has none. */
    CompletableFuture<Void> delete(ShareStateKey key);
}
