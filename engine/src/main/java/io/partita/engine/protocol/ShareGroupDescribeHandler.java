package io.partita.engine.protocol;

import io.partita.engine.group.ShareGroupCoordinator;
import io.partita.engine.group.ShareGroupDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.ShareGroupDescribeRequest;
import org.apache.kafka.common.requests.ShareGroupDescribeResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupDescribe v1 (KIP-932), answered as Kafka 4.4 does: a classic or consumer group is GROUP_ID_NOT_FOUND ("is
 * not a share group"), an unknown one GROUP_ID_NOT_FOUND ("not found"); members with their assignments, topics by id
 * and name, and the assignor {@code simple}. A group the principal may not DESCRIBE is answered
 * GROUP_AUTHORIZATION_FAILED, one whose members are assigned a topic it may not DESCRIBE TOPIC_AUTHORIZATION_FAILED
 * (without its members); the authorized operations are reported when asked. Stateless; safe on any thread.
 */
final class ShareGroupDescribeHandler implements ApiHandler {

    private static final String HIDDEN_TOPICS = "The group has described topic(s) that the client is not authorized to describe.";

    private final ShareGroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    ShareGroupDescribeHandler(ShareGroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ShareGroupDescribeRequestData data = ((ShareGroupDescribeRequest) request).data();
        List<String> allowed = auth.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP, data.groupIds(), id -> id);
        return coordinator.describeShareGroups(allowed).thenApply(groups -> {
            Map<String, ShareGroupDescription> byId = new HashMap<>();
            groups.forEach(g -> byId.put(g.groupId(), g));
            ShareGroupDescribeResponseData response = new ShareGroupDescribeResponseData();
            for (String id : data.groupIds()) {
                ShareGroupDescription g = byId.get(id);
                if (g == null) {
                    response.groups().add(new DescribedGroup().setGroupId(id).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
                } else if (!g.members().stream().flatMap(m -> m.assignment().stream())
                        .allMatch(tp -> auth.topic(context, AclOperation.DESCRIBE, tp.topic()))) {
                    response.groups().add(new DescribedGroup().setGroupId(id)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setErrorMessage(HIDDEN_TOPICS));
                } else {
                    // as Kafka, only a group described without error reports them
                    int operations = data.includeAuthorizedOperations() && g.error() == Errors.NONE
                            ? auth.authorizedOperations(context, ResourceType.GROUP, id) : Integer.MIN_VALUE;
                    response.groups().add(describe(g, operations));
                }
            }
            return new ShareGroupDescribeResponse(response);
        });
    }

    private DescribedGroup describe(ShareGroupDescription group, int operations) {
        DescribedGroup described = new DescribedGroup().setGroupId(group.groupId()).setAuthorizedOperations(operations);
        if (group.error() != Errors.NONE) {
            return described.setErrorCode(group.error().code()).setErrorMessage(group.errorMessage());
        }
        described.setGroupState(group.state()).setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch()).setAssignorName(group.assignorName());
        for (ShareGroupDescription.Member m : group.members()) {
            described.members().add(new ShareGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId())
                    .setRackId(m.rackId())
                    .setMemberEpoch(m.memberEpoch())
                    .setClientId(m.clientId())
                    .setClientHost(m.clientHost())
                    .setSubscribedTopicNames(m.topicNames())
                    .setAssignment(new ShareGroupDescribeResponseData.Assignment().setTopicPartitions(GroupRequests.byTopic(
                            m.assignment(), topics, (topicId, name, partitions) -> new ShareGroupDescribeResponseData.TopicPartitions()
                                    .setTopicId(topicId).setTopicName(name).setPartitions(partitions)))));
        }
        return described;
    }
}
