package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.SyncRequest;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup v0+: a follower's answer waits for the leader's assignment. From v5 the protocol type and name are
 * mandatory and checked against the group's. Stateless; safe on any thread.
 */
final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        SyncGroupRequest sync = (SyncGroupRequest) request;
        if (!sync.areMandatoryProtocolTypeAndNamePresent()) {
            return CompletableFuture.completedFuture(new SyncGroupResponse(
                    new SyncGroupResponseData().setErrorCode(Errors.INCONSISTENT_GROUP_PROTOCOL.code())));
        }
        SyncGroupRequestData data = sync.data();
        Map<String, byte[]> assignments = new HashMap<>();
        data.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        SyncRequest syncRequest = new SyncRequest(data.groupId(), data.generationId(), data.memberId(),
                data.groupInstanceId(), data.protocolType(), data.protocolName(), assignments);
        return coordinator.syncGroup(syncRequest).thenApply(result -> new SyncGroupResponse(new SyncGroupResponseData()
                .setErrorCode(result.error().code())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setAssignment(result.assignment())));
    }
}
