package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups v0+, with the state filter (v4+) and the type filter (v5+): the groups this node coordinates (admin
 * clients ask every node), or COORDINATOR_LOAD_IN_PROGRESS while one of its partitions loads. Every group here is
 * of type {@value #CLASSIC}. Stateless; safe on any thread.
 */
final class ListGroupsHandler implements ApiHandler {

    private static final String CLASSIC = "classic";

    private final GroupCoordinator coordinator;

    ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListGroupsRequestData data = ((ListGroupsRequest) request).data();
        List<String> types = data.typesFilter();
        if (!types.isEmpty() && types.stream().noneMatch(CLASSIC::equalsIgnoreCase)) {
            return CompletableFuture.completedFuture(new ListGroupsResponse(new ListGroupsResponseData()));
        }
        return coordinator.listGroups(new HashSet<>(data.statesFilter())).<AbstractResponse>thenApply(groups ->
                new ListGroupsResponse(new ListGroupsResponseData().setErrorCode(Errors.NONE.code()).setGroups(
                        groups.stream().map(g -> new ListGroupsResponseData.ListedGroup()
                                .setGroupId(g.groupId())
                                .setProtocolType(g.protocolType())
                                .setGroupState(g.state().kafkaName())
                                .setGroupType(CLASSIC)).toList())))
                .exceptionally(failure -> new ListGroupsResponse(new ListGroupsResponseData()
                        .setErrorCode(Errors.forException(failure).code())));
    }
}
