package io.partita.engine.group;

import java.util.List;
import java.util.Objects;

/**
 * A ShareGroupHeartbeat as the coordinator sees it. Fields a member sends only when they change are null when
 * unchanged.
 *
 * @param memberId             chosen by the member (a share consumer makes up its own)
 * @param memberEpoch          0 to join, -1 to leave, else the member's epoch
 * @param rackId               null when unchanged or unknown
 * @param subscribedTopicNames null when unchanged
 */
public record ShareHeartbeat(String groupId, String memberId, int memberEpoch, String rackId,
                             List<String> subscribedTopicNames, String clientId, String clientHost) {

    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;

    public ShareHeartbeat {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        subscribedTopicNames = subscribedTopicNames == null ? null : List.copyOf(subscribedTopicNames);
    }
}
