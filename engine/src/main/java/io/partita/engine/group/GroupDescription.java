package io.partita.engine.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * One group as DescribeGroups shows it. Member metadata and assignments are only given while the group is
 * {@link GroupState#STABLE} (as Kafka does); otherwise they are empty.
 *
 * @param error           NONE, or why this node cannot describe the group (NOT_COORDINATOR,
 *                        COORDINATOR_LOAD_IN_PROGRESS; then it does not exist here)
 * @param notFoundMessage null for a classic group the coordinator knows; else why it is described as not found
 *                        (then state is DEAD and the rest empty)
 * @param protocolName    the chosen protocol while stable, else empty
 */
public record GroupDescription(String groupId, Errors error, String notFoundMessage, GroupState state, String protocolType,
                               String protocolName, List<Member> members) {

    public GroupDescription {
        members = List.copyOf(members);
    }

    static GroupDescription unknown(String groupId) {
        return notFound(groupId, "Group " + groupId + " not found.");
    }

    /** A consumer-protocol group: DescribeGroups does not describe it, as Kafka. */
    static GroupDescription notClassic(String groupId) {
        return notFound(groupId, "Group " + groupId + " is not a classic group.");
    }

    /** A group this node cannot describe: it is not its coordinator, or not yet. */
    static GroupDescription error(String groupId, Errors error) {
        return new GroupDescription(groupId, error, null, GroupState.DEAD, "", "", List.of());
    }

    private static GroupDescription notFound(String groupId, String message) {
        return new GroupDescription(groupId, Errors.NONE, message, GroupState.DEAD, "", "", List.of());
    }

    /** Whether this is a classic group the coordinator knows and describes. */
    public boolean exists() {
        return error == Errors.NONE && notFoundMessage == null;
    }

    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
