package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.GroupDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.utils.Utils;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups v0+. A group this node does not coordinate is answered NOT_COORDINATOR (COORDINATOR_LOAD_IN_PROGRESS
 * while its partition loads); one it does not know, or a consumer-protocol group (as Kafka 4.4), is described as
 * Dead, from v6 also answered GROUP_ID_NOT_FOUND. With no authorizer, the operations reported allowed on a group are those Kafka defines for
 * groups: read, describe, delete. Stateless; safe on any thread.
 */
final class DescribeGroupsHandler implements ApiHandler {

    private static final short GROUP_ID_NOT_FOUND_VERSION = 6;
    private static final int GROUP_OPERATIONS = Utils.to32BitField(Set.of(
            AclOperation.READ.code(), AclOperation.DESCRIBE.code(), AclOperation.DELETE.code()));

    private final GroupCoordinator coordinator;

    DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeGroupsRequestData data = ((DescribeGroupsRequest) request).data();
        short version = request.version();
        int operations = data.includeAuthorizedOperations() ? GROUP_OPERATIONS : DescribeGroupsResponse.AUTHORIZED_OPERATIONS_OMITTED;
        return coordinator.describeGroups(data.groups()).thenApply(groups -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            groups.forEach(g -> response.groups().add(describe(g, version, operations)));
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
