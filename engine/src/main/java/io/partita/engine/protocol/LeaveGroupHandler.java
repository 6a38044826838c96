package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup: one member before v3, a batch of members (by member or instance id) from v3; older versions get
 * the member's error as the top-level error. Stateless; safe on any thread.
 */
final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        LeaveGroupRequest leave = (LeaveGroupRequest) request;
        List<MemberIdentity> members = leave.members().stream()
                .map(m -> new MemberIdentity(m.memberId(), m.groupInstanceId())).toList();
        return coordinator.leaveGroup(leave.data().groupId(), members).thenApply(result -> new LeaveGroupResponse(
                result.members().stream().map(m -> new LeaveGroupResponseData.MemberResponse()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setErrorCode(m.error().code())).toList(),
                result.error(), 0, request.version()));
    }
}
