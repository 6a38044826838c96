package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/** DeleteGroups v0+: one result per group, in request order. Stateless; safe on any thread. */
final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        return coordinator.deleteGroups(((DeleteGroupsRequest) request).data().groupsNames()).thenApply(errors -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            errors.forEach((groupId, error) -> response.results().add(
                    new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())));
            return new DeleteGroupsResponse(response);
        });
    }
}
