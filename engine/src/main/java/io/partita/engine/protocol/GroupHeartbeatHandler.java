package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/** Heartbeat v0+ of classic group members. Stateless; safe on any thread. */
final class GroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    GroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        HeartbeatRequestData data = ((HeartbeatRequest) request).data();
        return coordinator.heartbeat(data.groupId(), data.memberId(), data.groupInstanceId(), data.generationId())
                .thenApply(error -> new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(error.code())));
    }
}
