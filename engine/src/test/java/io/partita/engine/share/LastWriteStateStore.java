package io.partita.engine.share;

import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A share-state store for unit tests of the partition-leader side, which writes whole states only: each write
 * replaces what the key had. The share coordinator's own rules are tested with the coordinator.
 */
final class LastWriteStateStore implements ShareStateStore {

    final Map<ShareStateKey, ShareState> states = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> initialize(ShareStateKey key, int stateEpoch, long startOffset) {
        throw new UnsupportedOperationException("partition leaders do not initialize state");
    }

    @Override
    public CompletableFuture<ShareState> read(ShareStateKey key, int leaderEpoch) {
        return CompletableFuture.completedFuture(states.getOrDefault(key, ShareState.uninitialized()));
    }

    @Override
    public CompletableFuture<ShareState> summary(ShareStateKey key, int leaderEpoch) {
        return read(key, leaderEpoch);
    }

    @Override
    public CompletableFuture<Void> write(ShareStateKey key, ShareState write) {
        states.put(key, write);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(ShareStateKey key) {
        states.remove(key);
        return CompletableFuture.completedFuture(null);
    }
}
