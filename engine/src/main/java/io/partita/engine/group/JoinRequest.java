package io.partita.engine.group;

import java.util.List;
import java.util.Objects;

/**
 * A JoinGroup as the coordinator sees it.
 *
 * @param memberId               empty for a member joining for the first time
 * @param groupInstanceId        null for a dynamic member; the static identity otherwise
 * @param requireKnownMemberId   true from JoinGroup v4: a dynamic member without id is first given one
 *                               (MEMBER_ID_REQUIRED) and must join again with it
 * @param supportsSkipAssignment true from JoinGroup v9: a rejoining static leader of a stable group is told it leads
 *                               but need not compute an assignment
 * @param protocols              in the member's order of preference
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                          int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                          List<MemberProtocol> protocols, boolean requireKnownMemberId,
                          boolean supportsSkipAssignment) {

    public JoinRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        Objects.requireNonNull(protocolType, "protocolType");
        protocols = List.copyOf(protocols);
    }
}
