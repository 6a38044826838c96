package io.partita.engine.protocol;

import io.partita.engine.group.ConsumerHeartbeat;
import io.partita.engine.group.MemberHeartbeatResult;
import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupHeartbeat v0-v1 (KIP-848). Checks the request's form as Kafka does (INVALID_REQUEST with Kafka's
 * messages), turns topic ids into names and back, and hands the coordinator the current partition counts of every
 * topic so that it sees new and grown topics, and whether the request's principal may DESCRIBE a topic, so that a
 * regex subscription resolves only to those (as Kafka's). From v1 the member chooses its id; a v0 member joining
 * without one is given a random one. Stateless; safe on any thread.
 */
final class ConsumerGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
        String invalid = invalid(data, request.version());
        if (invalid != null) {
            return CompletableFuture.completedFuture(error(Errors.INVALID_REQUEST, invalid));
        }
        String memberId = data.memberId().isEmpty() ? Uuid.randomUuid().toString() : data.memberId();
        ConsumerHeartbeat heartbeat = new ConsumerHeartbeat(data.groupId(), memberId, data.memberEpoch(),
                data.instanceId(), data.rackId(), data.rebalanceTimeoutMs(), data.subscribedTopicNames(),
                data.subscribedTopicRegex(), data.serverAssignor(), owned(data.topicPartitions()),
                GroupRequests.clientId(context), GroupRequests.clientHost(context));
        return coordinator.consumerGroupHeartbeat(heartbeat, topics.partitionCounts(),
                topic -> auth.topic(context, AclOperation.DESCRIBE, topic)).thenApply(this::response);
    }

    /** Kafka's checks of a heartbeat's form; the message of the first that fails, or null. */
    private static String invalid(ConsumerGroupHeartbeatRequestData data, short version) {
        if (data.groupId().isEmpty()) {
            return "GroupId can't be empty.";
        } else if (data.instanceId() != null && data.instanceId().isEmpty()) {
            return "InstanceId can't be empty.";
        } else if (data.rackId() != null && data.rackId().isEmpty()) {
            return "RackId can't be empty.";
        } else if (version >= 1 && data.memberId().isEmpty()) {
            return "MemberId can't be empty.";
        } else if (data.memberEpoch() == ConsumerHeartbeat.JOIN_EPOCH) {
            if (data.rebalanceTimeoutMs() == -1) {
                return "RebalanceTimeoutMs must be provided in first request.";
            } else if (data.topicPartitions() == null || !data.topicPartitions().isEmpty()) {
                return "TopicPartitions must be empty when (re-)joining.";
            } else if (data.subscribedTopicNames() == null && data.subscribedTopicRegex() == null) {
                return "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.";
            }
        } else if (data.memberEpoch() == ConsumerHeartbeat.STATIC_LEAVE_EPOCH && data.instanceId() == null) {
            return "InstanceId can't be null.";
        } else if (data.memberEpoch() < ConsumerHeartbeat.STATIC_LEAVE_EPOCH) {
            return "MemberEpoch is invalid.";
        } else if (data.memberId().isEmpty()) {
            return "MemberId can't be empty.";
        }
        return null;
    }

    /** The owned partitions by name; partitions of topics that no longer exist are left out. Null stays null. */
    private Set<TopicPartition> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        if (owned == null) {
            return null;
        }
        Set<TopicPartition> partitions = new HashSet<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : owned) {
            String name = topics.name(topic.topicId());
            if (name != null) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(name, p)));
            }
        }
        return partitions;
    }

    private AbstractResponse response(MemberHeartbeatResult result) {
        if (result.error() != Errors.NONE) {
            return error(result.error(), result.message());
        }
        ConsumerGroupHeartbeatResponseData data = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(result.memberId())
                .setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        if (result.assignment() != null) {
            data.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(GroupRequests.byTopic(
                    result.assignment(), topics, (id, name, partitions) ->
                            new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(id).setPartitions(partitions))));
        }
        return new ConsumerGroupHeartbeatResponse(data);
    }

    private static AbstractResponse error(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponse(new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(error.code()).setErrorMessage(message));
    }
}
