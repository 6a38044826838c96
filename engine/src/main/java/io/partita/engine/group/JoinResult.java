package io.partita.engine.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * The answer to a JoinGroup. On success the leader receives every member with its metadata for the chosen
 * protocol and computes the assignment; the others receive no members.
 *
 * @param memberId     the member's id, also on MEMBER_ID_REQUIRED (the id to join with next)
 * @param protocolName null when no protocol was chosen (errors)
 */
public record JoinResult(Errors error, int generationId, String protocolType, String protocolName, String leaderId,
                         String memberId, boolean skipAssignment, List<Member> members) {

    public static final int NO_GENERATION = -1;

    public JoinResult {
        members = List.copyOf(members);
    }

    static JoinResult error(Errors error, String memberId) {
        return new JoinResult(error, NO_GENERATION, null, null, "", memberId, false, List.of());
    }

    /** A member as the leader sees it, with its metadata for the chosen protocol. */
    public record Member(String memberId, String groupInstanceId, byte[] metadata) {
    }
}
