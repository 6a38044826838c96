package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Objects;

/**
 * An OffsetCommit as the coordinator sees it. A consumer outside group management ("simple" commits, the admin
 * client) sends generation -1 and an empty member id; such commits are accepted only while the group has no members.
 *
 * @param groupInstanceId null unless a static member commits
 */
public record OffsetCommit(String groupId, String memberId, String groupInstanceId, int generationId,
                           Map<TopicPartition, Offset> offsets) {

    public OffsetCommit {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        offsets = Map.copyOf(offsets);
    }

    /**
     * One partition's offset to commit.
     *
     * @param leaderEpoch -1 when unknown
     * @param metadata    null is stored as empty
     */
    public record Offset(long offset, int leaderEpoch, String metadata) {
    }
}
