package io.partita.engine.group;

import java.util.Objects;

/**
 * An offset a group committed for one partition.
 *
 * @param leaderEpoch       the leader epoch of the record at {@code offset - 1} as the consumer saw it; -1 when unknown
 * @param metadata          the client's string, never null (Kafka answers an absent one as empty)
 * @param commitTimestampMs when the coordinator accepted the commit
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {

    public static final int NO_LEADER_EPOCH = -1;

    public CommittedOffset {
        Objects.requireNonNull(metadata, "metadata");
    }
}
