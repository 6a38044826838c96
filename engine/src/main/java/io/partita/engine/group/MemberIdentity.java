package io.partita.engine.group;

import java.util.Objects;

/**
 * A member named in a LeaveGroup: by member id, by static instance id, or both.
 *
 * @param memberId        empty when only the instance id is known
 * @param groupInstanceId null for a dynamic member
 */
public record MemberIdentity(String memberId, String groupInstanceId) {

    public MemberIdentity {
        Objects.requireNonNull(memberId, "memberId");
    }
}
