package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ListGroups v0+, with the state filter (v4+) and the type filter (v5+): the groups this node coordinates (admin
 * clients ask every node), or COORDINATOR_LOAD_IN_PROGRESS while one of its partitions loads. Classic groups are of
 * type {@code classic}, consumer-protocol groups (KIP-848) of type {@code consumer}, share groups (KIP-932) of type and
 * protocol type {@code share}. A principal that may not DESCRIBE
 * the cluster sees only the groups it may DESCRIBE. Stateless; safe on any thread.
 */
final class ListGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final RequestAuthorizer auth;

    ListGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListGroupsRequestData data = ((ListGroupsRequest) request).data();
        Set<String> types = data.typesFilter().stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        boolean all = auth.cluster(context, AclOperation.DESCRIBE);
        return coordinator.listGroups(new HashSet<>(data.statesFilter())).<AbstractResponse>thenApply(groups ->
                new ListGroupsResponse(new ListGroupsResponseData().setErrorCode(Errors.NONE.code()).setGroups(
                        groups.stream()
                                .filter(g -> types.isEmpty() || types.contains(g.type()))
                                .filter(g -> all || auth.group(context, AclOperation.DESCRIBE, g.groupId()))
                                .map(g -> new ListGroupsResponseData.ListedGroup()
                                        .setGroupId(g.groupId())
                                        .setProtocolType(g.protocolType())
                                        .setGroupState(g.state())
                                        .setGroupType(g.type())).toList())))
                .exceptionally(failure -> new ListGroupsResponse(new ListGroupsResponseData()
                        .setErrorCode(Errors.forException(failure).code())));
    }
}
