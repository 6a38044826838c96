package io.partita.engine.txn;

import java.util.Map;
import java.util.Objects;

/**
 * One record of {@code __transaction_state}: the whole state of a transactional id, or its tombstone (the id
 * expired). Immutable.
 *
 * @param state the id's state; null for a tombstone
 */
public record TransactionRecord(String transactionalId, TransactionMetadata state) {

    public TransactionRecord {
        Objects.requireNonNull(transactionalId, "transactionalId");
        if (state != null && !state.transactionalId().equals(transactionalId)) {
            throw new IllegalArgumentException("the state of " + state.transactionalId() + " under the key " + transactionalId);
        }
    }

    static TransactionRecord of(TransactionMetadata state) {
        return new TransactionRecord(state.transactionalId(), state);
    }

    static TransactionRecord tombstone(String transactionalId) {
        return new TransactionRecord(transactionalId, null);
    }

    /**
     * Replay: the one way a record becomes state, whether read back when a partition is loaded or appended just now.
     * The latest record of an id is its state; a tombstone forgets it.
     */
    void replayInto(Map<String, TransactionMetadata> states) {
        if (state == null) {
            states.remove(transactionalId);
        } else {
            states.put(transactionalId, state);
        }
    }
}
