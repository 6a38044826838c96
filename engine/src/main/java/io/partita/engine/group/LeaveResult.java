package io.partita.engine.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * The answer to a LeaveGroup: a group-level error, or one outcome per member named in the request, in its order.
 */
public record LeaveResult(Errors error, List<Member> members) {

    public LeaveResult {
        members = List.copyOf(members);
    }

    public record Member(String memberId, String groupInstanceId, Errors error) {
    }
}
