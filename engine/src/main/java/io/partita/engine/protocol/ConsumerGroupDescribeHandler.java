package io.partita.engine.protocol;

import io.partita.engine.group.ConsumerGroupDescription;
import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupDescribe v0-v1 (KIP-848), answered as Kafka 4.4 does: a classic group is GROUP_ID_NOT_FOUND ("is not a
 * consumer group", so that the admin client falls back to DescribeGroups), an unknown one GROUP_ID_NOT_FOUND ("not
 * found"). Members are reported with their current and target assignments, topics by id and name, and member type 1
 * (a consumer-protocol member). A group the principal may not DESCRIBE is answered GROUP_AUTHORIZATION_FAILED, one
 * whose members are assigned a topic it may not DESCRIBE TOPIC_AUTHORIZATION_FAILED (without its members); the
 * authorized operations reported are those of Kafka's group operations it may perform. Stateless; safe on any thread.
 */
final class ConsumerGroupDescribeHandler implements ApiHandler {

    /** Kafka's memberType of a member that joined with ConsumerGroupHeartbeat. */
    private static final byte CONSUMER_MEMBER_TYPE = 1;
    private static final String HIDDEN_TOPICS = "The group has described topic(s) that the client is not authorized to describe.";

    private final GroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    ConsumerGroupDescribeHandler(GroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ConsumerGroupDescribeRequestData data = ((ConsumerGroupDescribeRequest) request).data();
        List<String> allowed = auth.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP, data.groupIds(), id -> id);
        return coordinator.describeConsumerGroups(allowed).thenApply(groups -> {
            Map<String, ConsumerGroupDescription> byId = new HashMap<>();
            groups.forEach(g -> byId.put(g.groupId(), g));
            ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
            for (String id : data.groupIds()) {
                ConsumerGroupDescription g = byId.get(id);
                if (g == null) {
                    response.groups().add(new DescribedGroup().setGroupId(id).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                if (!mayDescribeTopicsOf(context, g)) {
                    response.groups().add(new DescribedGroup().setGroupId(id)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setErrorMessage(HIDDEN_TOPICS));
                    continue;
                }
                int operations = data.includeAuthorizedOperations()
                        ? auth.authorizedOperations(context, ResourceType.GROUP, id) : Integer.MIN_VALUE;
                response.groups().add(describe(g, operations));
            }
            return new ConsumerGroupDescribeResponse(response);
        });
    }

    /** Whether the principal may DESCRIBE every topic in the members' current and target assignments, as Kafka asks. */
    private boolean mayDescribeTopicsOf(RequestContext context, ConsumerGroupDescription group) {
        Set<String> names = new HashSet<>();
        for (ConsumerGroupDescription.Member m : group.members()) {
            m.assignment().forEach(tp -> names.add(tp.topic()));
            m.target().forEach(tp -> names.add(tp.topic()));
        }
        return names.stream().allMatch(topic -> auth.topic(context, AclOperation.DESCRIBE, topic));
    }

    private DescribedGroup describe(ConsumerGroupDescription group, int operations) {
        DescribedGroup described = new DescribedGroup().setGroupId(group.groupId()).setAuthorizedOperations(operations);
        if (group.error() != Errors.NONE) {
            return described.setErrorCode(group.error().code()).setErrorMessage(group.errorMessage());
        }
        described.setGroupState(group.state()).setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch()).setAssignorName(group.assignorName());
        for (ConsumerGroupDescription.Member m : group.members()) {
            described.members().add(new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId())
                    .setInstanceId(m.instanceId())
                    .setRackId(m.rackId())
                    .setMemberEpoch(m.memberEpoch())
                    .setClientId(m.clientId())
                    .setClientHost(m.clientHost())
                    .setSubscribedTopicNames(m.topicNames())
                    .setSubscribedTopicRegex(m.topicRegex() == null ? "" : m.topicRegex())
                    .setAssignment(assignment(m.assignment()))
                    .setTargetAssignment(assignment(m.target()))
                    .setMemberType(CONSUMER_MEMBER_TYPE));
        }
        return described;
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(Set<TopicPartition> partitions) {
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(GroupRequests.byTopic(partitions, topics,
                (id, name, numbers) -> new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(id).setTopicName(name).setPartitions(numbers)));
    }
}
