package io.partita.engine.protocol;

import io.partita.engine.group.ShareGroupCoordinator;
import io.partita.engine.group.MemberHeartbeatResult;
import io.partita.engine.group.ShareHeartbeat;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.ShareGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;

import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupHeartbeat v1 (KIP-932). Checks the request's form as Kafka 4.4 does (INVALID_REQUEST with its messages; an
 * empty member id without one, as Kafka answers it), hands the coordinator the current partition counts of every
 * topic so that it sees new and grown topics, and answers the assignment by topic id. The member makes up its own
 * id. Whether the principal may READ the group and DESCRIBE the topics it subscribes to is settled before, by
 * {@link WholeRequestChecks}. Stateless; safe on any thread.
 */
final class ShareGroupHeartbeatHandler implements ApiHandler {

    private final ShareGroupCoordinator coordinator;
    private final GroupTopics topics;

    ShareGroupHeartbeatHandler(ShareGroupCoordinator coordinator, GroupTopics topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ShareGroupHeartbeatRequestData data = ((ShareGroupHeartbeatRequest) request).data();
        if (data.memberId().isEmpty()) {
            return CompletableFuture.completedFuture(error(Errors.INVALID_REQUEST, null));
        }
        String invalid = invalid(data);
        if (invalid != null) {
            return CompletableFuture.completedFuture(error(Errors.INVALID_REQUEST, invalid));
        }
        ShareHeartbeat heartbeat = new ShareHeartbeat(data.groupId(), data.memberId(), data.memberEpoch(), data.rackId(),
                data.subscribedTopicNames(), GroupRequests.clientId(context), GroupRequests.clientHost(context));
        return coordinator.shareGroupHeartbeat(heartbeat, topics.partitionCounts()).thenApply(this::response);
    }

    /** Kafka's checks of a heartbeat's form; the message of the first that fails, or null. */
    private static String invalid(ShareGroupHeartbeatRequestData data) {
        if (data.groupId().isEmpty()) {
            return "GroupId can't be empty.";
        } else if (data.rackId() != null && data.rackId().isEmpty()) {
            return "RackId can't be empty.";
        } else if (data.memberEpoch() == ShareHeartbeat.JOIN_EPOCH
                && (data.subscribedTopicNames() == null || data.subscribedTopicNames().isEmpty())) {
            return "SubscribedTopicNames must be set in first request.";
        } else if (data.memberEpoch() < ShareHeartbeat.LEAVE_EPOCH) {
            return "MemberEpoch is invalid.";
        }
        return null;
    }

    private AbstractResponse response(MemberHeartbeatResult result) {
        if (result.error() != Errors.NONE) {
            return error(result.error(), result.message());
        }
        ShareGroupHeartbeatResponseData data = new ShareGroupHeartbeatResponseData()
                .setMemberId(result.memberId())
                .setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        if (result.assignment() != null) {
            data.setAssignment(new ShareGroupHeartbeatResponseData.Assignment().setTopicPartitions(GroupRequests.byTopic(
                    result.assignment(), topics, (id, name, partitions) ->
                            new ShareGroupHeartbeatResponseData.TopicPartitions().setTopicId(id).setPartitions(partitions))));
        }
        return new ShareGroupHeartbeatResponse(data);
    }

    private static AbstractResponse error(Errors error, String message) {
        return new ShareGroupHeartbeatResponse(new ShareGroupHeartbeatResponseData()
                .setErrorCode(error.code()).setErrorMessage(message));
    }
}
