package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.JoinRequest;
import io.partita.engine.group.JoinResult;
import io.partita.engine.group.MemberProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup v0+: answered when the group's rebalance completes (or at once for errors and MEMBER_ID_REQUIRED).
 * Stateless; safe on any thread.
 */
final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        JoinGroupRequestData data = ((JoinGroupRequest) request).data();
        short version = request.version();
        List<MemberProtocol> protocols = data.protocols().stream()
                .map(p -> new MemberProtocol(p.name(), p.metadata())).toList();
        JoinRequest join = new JoinRequest(data.groupId(), data.memberId(), data.groupInstanceId(),
                GroupRequests.clientId(context), GroupRequests.clientHost(context), data.sessionTimeoutMs(),
                data.rebalanceTimeoutMs(), data.protocolType(), protocols,
                JoinGroupRequest.requiresKnownMemberId(version), JoinGroupRequest.supportsSkippingAssignment(version));
        return coordinator.joinGroup(join).thenApply(result -> new JoinGroupResponse(toData(result), version));
    }

    private static JoinGroupResponseData toData(JoinResult result) {
        return new JoinGroupResponseData()
                .setErrorCode(result.error().code())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setLeader(result.leaderId())
                .setSkipAssignment(result.skipAssignment())
                .setMemberId(result.memberId())
                .setMembers(result.members().stream().map(m -> new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setMetadata(m.metadata())).toList());
    }
}
