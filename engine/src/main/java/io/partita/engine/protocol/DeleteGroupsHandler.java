package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.ShareGroupCoordinator;
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

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups v0+: one result per group, in request order; a group the principal may not DELETE is answered
 * GROUP_AUTHORIZATION_FAILED. An empty share group's share-partition state is deleted first, as Kafka 4.4 does: a
 * group whose state could not all be deleted is kept and answered with the error that stopped it. Stateless; safe on
 * any thread.
 */
final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final ShareGroupCoordinator shareGroups;
    private final ShareGroupStateDeletion shareStates;
    private final RequestAuthorizer auth;

    DeleteGroupsHandler(GroupCoordinator coordinator, ShareGroupCoordinator shareGroups, ShareGroupStateDeletion shareStates,
                        RequestAuthorizer auth) {
        this.auth = auth;
        this.shareStates = shareStates;
        this.coordinator = coordinator;
        this.shareGroups = shareGroups;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<String> requested = ((DeleteGroupsRequest) request).data().groupsNames();
        List<String> allowed = auth.filter(context, AclOperation.DELETE, ResourceType.GROUP, requested, id -> id);
        return shareGroups.emptyShareGroupStates(allowed).thenCompose(shareStates::delete).thenCompose(stateErrors -> {
            Map<String, Errors> kept = new HashMap<>(stateErrors);
            kept.values().removeIf(error -> error == Errors.NONE);
            return coordinator.deleteGroups(allowed.stream().filter(id -> !kept.containsKey(id)).toList())
                    .thenApply(deleted -> {
                        kept.putAll(deleted);
                        return kept;
                    });
        }).thenApply(errors -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (String groupId : new LinkedHashSet<>(requested)) {
                Errors error = errors.getOrDefault(groupId, Errors.GROUP_AUTHORIZATION_FAILED);
                response.results().add(new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code()));
            }
            return new DeleteGroupsResponse(response);
        });
    }
}
