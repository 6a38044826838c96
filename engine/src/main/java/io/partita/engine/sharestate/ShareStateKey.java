package io.partita.engine.sharestate;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.utils.Utils;

import java.util.Objects;

/**
 * A share partition as its state is kept: one group's view of one partition of a topic (by topic id, so that a topic
 * deleted and created again under its name starts afresh).
 *
 * @param groupId   the share group
 * @param topicId   the topic's id
 * @param partition the partition of the topic
 */
public record ShareStateKey(String groupId, Uuid topicId, int partition) {

    public ShareStateKey {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(topicId, "topicId");
    }

    /** The FindCoordinator key (key type SHARE) of KIP-932: {@code groupId:topicId:partition}. */
    public String coordinatorKey() {
        return groupId + ":" + topicId + ":" + partition;
    }

    /** The partition of {@code __share_group_state} holding the state: Kafka's {@code abs(coordinatorKey.hashCode()) % count}. */
    public int statePartition(int partitionCount) {
        return statePartition(coordinatorKey(), partitionCount);
    }

    static int statePartition(String coordinatorKey, int partitionCount) {
        return Utils.abs(coordinatorKey.hashCode()) % partitionCount;
    }

    /**
     * Reads a FindCoordinator key. The group id may itself hold colons, so the topic id and partition are the last
     * two fields.
     *
     * @throws InvalidRequestException when the key is not {@code groupId:topicId:partition}
     */
    public static ShareStateKey parse(String coordinatorKey) {
        int partitionColon = coordinatorKey.lastIndexOf(':');
        int topicColon = partitionColon > 0 ? coordinatorKey.lastIndexOf(':', partitionColon - 1) : -1;
        if (topicColon <= 0) {
            throw new InvalidRequestException("Share coordinator key " + coordinatorKey + " is not groupId:topicId:partition");
        }
        try {
            int partition = Integer.parseInt(coordinatorKey.substring(partitionColon + 1));
            Uuid topicId = Uuid.fromString(coordinatorKey.substring(topicColon + 1, partitionColon));
            if (partition < 0) throw new IllegalArgumentException("negative partition");
            return new ShareStateKey(coordinatorKey.substring(0, topicColon), topicId, partition);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Share coordinator key " + coordinatorKey + " is not groupId:topicId:partition: "
                    + e.getMessage());
        }
    }
}
