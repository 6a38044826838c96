package io.partita.engine.sharestate;

import java.util.HashMap;
import java.util.Map;

/**
 * The share partitions of one partition of {@code __share_group_state} as its records make them, record by record:
 * the one replay path, applied to a partition read when this node comes to lead it and to each record after its
 * write is replicated. Not thread-safe: confined to one read, or to the coordinator's thread.
 */
final class StoredShareStates {

    /** A share partition's state and how many updates were written since its latest snapshot. */
    record Entry(ShareState state, int updatesSinceSnapshot) {
    }

    private final Map<ShareStateKey, Entry> states = new HashMap<>();

    /** Applies one record: a snapshot replaces the state, an update is merged into it, a snapshot's tombstone deletes it. */
    void apply(ShareStateRecords.Key key, ShareState value) {
        ShareStateKey shareKey = key.shareKey();
        if (key.isSnapshot()) {
            if (value == null) {
                states.remove(shareKey);
            } else {
                states.put(shareKey, new Entry(value, 0));
            }
            return;
        }
        Entry entry = states.get(shareKey);
        // An update without its snapshot is what compaction left of a deleted or older state: nothing to apply to.
        if (entry != null && value != null) {
            states.put(shareKey, new Entry(entry.state().merged(value), Math.max(entry.updatesSinceSnapshot(), key.slot() + 1)));
        }
    }

    /** The share partition's entry, or null when it has no state. */
    Entry get(ShareStateKey key) {
        return states.get(key);
    }

    int size() {
        return states.size();
    }
}
