package io.partita.engine.group;

import java.util.Objects;

/**
 * A TxnOffsetCommit as the coordinator sees it: an offset commit made inside the transaction of a producer, which
 * counts only if that transaction commits. A producer outside group management (generation -1, no member id) is
 * not checked against the group's generation.
 */
public record TxnOffsetCommit(OffsetCommit commit, long producerId, short producerEpoch) {

    public TxnOffsetCommit {
        Objects.requireNonNull(commit, "commit");
    }
}
