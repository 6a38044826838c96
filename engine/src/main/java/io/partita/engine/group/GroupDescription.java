package io.partita.engine.group;

import java.util.List;

/**
 * One group as DescribeGroups shows it. Member metadata and assignments are only given while the group is
 * {@link GroupState#STABLE} (as Kafka does); otherwise they are empty.
 *
 * @param notFoundMessage null for a classic group the coordinator knows; else why it is described as not found
 *                        (then state is DEAD and the rest empty)
 * @param protocolName    the chosen protocol while stable, else empty
 */
public record GroupDescription(String groupId, String notFoundMessage, GroupState state, String protocolType,
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

    private static GroupDescription notFound(String groupId, String message) {
        return new GroupDescription(groupId, message, GroupState.DEAD, "", "", List.of());
    }

    public boolean exists() {
        return notFoundMessage == null;
    }

    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
