package io.partita.engine.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * One group as DescribeGroups shows it. Member metadata and assignments are only given while the group is
 * {@link GroupState#STABLE} (as Kafka does); otherwise they are empty.
 *
 * @param error        NONE, or why this node cannot describe the group (NOT_COORDINATOR,
 *                     COORDINATOR_LOAD_IN_PROGRESS; then it does not exist here)
 * @param exists       false for a group the coordinator does not know (then state is DEAD and the rest empty)
 * @param protocolName the chosen protocol while stable, else empty
 */
public record GroupDescription(String groupId, Errors error, boolean exists, GroupState state, String protocolType,
                               String protocolName, List<Member> members) {

    public GroupDescription {
        members = List.copyOf(members);
    }

    static GroupDescription unknown(String groupId) {
        return error(groupId, Errors.NONE);
    }

    static GroupDescription error(String groupId, Errors error) {
        return new GroupDescription(groupId, error, false, GroupState.DEAD, "", "", List.of());
    }

    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
