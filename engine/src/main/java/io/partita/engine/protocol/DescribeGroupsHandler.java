package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.GroupDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups v0+. A group this node does not coordinate is answered NOT_COORDINATOR (COORDINATOR_LOAD_IN_PROGRESS
 * while its partition loads); one it does not know, or a consumer-protocol or share group (as Kafka 4.4), is described
 * as Dead, from v6 also answered GROUP_ID_NOT_FOUND. A group the principal may not DESCRIBE is answered
 * GROUP_AUTHORIZATION_FAILED. The operations reported allowed on a group are those of Kafka's group operations (read,
 * describe, delete, describe and alter configs) the principal may perform: all of them with no authorizer, as Kafka
 * 4.4 answers. Stateless; safe on any thread.
 */
final class DescribeGroupsHandler implements ApiHandler {

    private static final short GROUP_ID_NOT_FOUND_VERSION = 6;

    private final GroupCoordinator coordinator;
    private final RequestAuthorizer auth;

    DescribeGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeGroupsRequestData data = ((DescribeGroupsRequest) request).data();
        short version = request.version();
        List<String> allowed = auth.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP, data.groups(), id -> id);
        return coordinator.describeGroups(allowed).thenApply(groups -> {
            Map<String, GroupDescription> byId = new HashMap<>();
            groups.forEach(g -> byId.put(g.groupId(), g));
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            for (String id : data.groups()) {
                GroupDescription g = byId.get(id);
                if (g == null) {
                    response.groups().add(new DescribedGroup().setGroupId(id).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                int operations = data.includeAuthorizedOperations()
                        ? auth.authorizedOperations(context, ResourceType.GROUP, id) : DescribeGroupsResponse.AUTHORIZED_OPERATIONS_OMITTED;
                response.groups().add(describe(g, version, operations));
            }
            return new DescribeGroupsResponse(response);
        });
    }

    private static DescribedGroup describe(GroupDescription group, short version, int operations) {
        DescribedGroup described = new DescribedGroup()
                .setGroupId(group.groupId())
                .setGroupState(group.state().kafkaName())
                .setProtocolType(group.protocolType())
                .setProtocolData(group.protocolName())
                .setAuthorizedOperations(operations);
        if (group.error() != Errors.NONE) {
            described.setErrorCode(group.error().code());
        } else if (!group.exists() && version >= GROUP_ID_NOT_FOUND_VERSION) {
            described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(group.notFoundMessage());
        }
        group.members().forEach(m -> described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                .setMemberId(m.memberId())
                .setGroupInstanceId(m.groupInstanceId())
                .setClientId(m.clientId())
                .setClientHost(m.clientHost())
                .setMemberMetadata(m.metadata())
                .setMemberAssignment(m.assignment())));
        return described;
    }
}
