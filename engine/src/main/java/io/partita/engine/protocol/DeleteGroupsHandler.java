package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups v0+: one result per group, in request order; a group the principal may not DELETE is answered
 * GROUP_AUTHORIZATION_FAILED. Stateless; safe on any thread.
 */
final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final RequestAuthorizer auth;

    DeleteGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<String> requested = ((DeleteGroupsRequest) request).data().groupsNames();
        List<String> allowed = auth.filter(context, AclOperation.DELETE, ResourceType.GROUP, requested, id -> id);
        return coordinator.deleteGroups(allowed).thenApply(errors -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (String groupId : new LinkedHashSet<>(requested)) {
                Errors error = errors.getOrDefault(groupId, Errors.GROUP_AUTHORIZATION_FAILED);
                response.results().add(new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code()));
            }
            return new DeleteGroupsResponse(response);
        });
    }
}
