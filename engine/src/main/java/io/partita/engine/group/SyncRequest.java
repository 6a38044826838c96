package io.partita.engine.group;

import java.util.Map;
import java.util.Objects;

/**
 * A SyncGroup as the coordinator sees it.
 *
 * @param protocolType null when the client did not send it (before SyncGroup v5)
 * @param protocolName null when the client did not send it (before SyncGroup v5)
 * @param assignments  member id to assignment; empty unless sent by the leader
 */
public record SyncRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                          String protocolType, String protocolName, Map<String, byte[]> assignments) {

    public SyncRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        assignments = Map.copyOf(assignments);
    }
}
