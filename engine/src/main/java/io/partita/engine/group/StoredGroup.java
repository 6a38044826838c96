package io.partita.engine.group;

import java.util.List;
import java.util.Objects;

/**
 * What the coordinator keeps of a classic group across restarts: its last generation as it was when the group
 * became stable (with every member's subscription and assignment) or empty. A group reloaded with members is
 * Stable, and its members keep their ids and generation as long as they heartbeat within their session.
 *
 * @param protocolType     null for a group that never had members (offsets committed from outside group management)
 * @param protocolName     null when the group has no members
 * @param leaderId         null when the group has no members
 * @param stateTimestampMs when the group entered the stored state (its offsets age from then when it is empty)
 */
public record StoredGroup(String protocolType, int generationId, String protocolName, String leaderId,
                          long stateTimestampMs, List<Member> members) {

    public StoredGroup {
        members = List.copyOf(members);
    }

    /** A group known only by its committed offsets. */
    static StoredGroup withoutMembersEver(long sinceMs) {
        return new StoredGroup(null, 0, null, null, sinceMs, List.of());
    }

    /**
     * One member of the stored generation.
     *
     * @param groupInstanceId null for a dynamic member
     * @param subscription    the member's metadata for the chosen protocol
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         int sessionTimeoutMs, int rebalanceTimeoutMs, byte[] subscription, byte[] assignment) {

        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientHost, "clientHost");
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(assignment, "assignment");
        }
    }
}
