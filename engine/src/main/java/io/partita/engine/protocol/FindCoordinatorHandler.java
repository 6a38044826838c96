package io.partita.engine.protocol;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * FindCoordinator: the node a {@link CoordinatorLocator} names for the key type, groups (the leader of the group's
 * partition of {@code __consumer_offsets}), transactions (of {@code __transaction_state}) and share partitions' state
 * (key {@code groupId:topicId:partition}, of {@code __share_group_state}). Key types without a coordinator here are
 * answered COORDINATOR_NOT_AVAILABLE. Answers the single-key form (v0-3) and the batched form (v4+). A key the
 * principal may not DESCRIBE is answered GROUP_ or TRANSACTIONAL_ID_AUTHORIZATION_FAILED; a share key, which only
 * brokers ask for, needs CLUSTER_ACTION (else CLUSTER_AUTHORIZATION_FAILED). Stateless; safe on any thread.
 */
final class FindCoordinatorHandler implements ApiHandler {

    private final Map<FindCoordinatorRequest.CoordinatorType, CoordinatorLocator> locators;
    private final int nodeId;
    private final Function<String, Node> self;
    private final GroupTopics cluster;
    private final RequestAuthorizer auth;

    /** @param self this node's advertised endpoint by listener name (null when it has no such listener) */
    FindCoordinatorHandler(Map<FindCoordinatorRequest.CoordinatorType, CoordinatorLocator> locators, int nodeId,
                           Function<String, Node> self, GroupTopics cluster, RequestAuthorizer auth) {
        this.auth = auth;
        this.locators = Map.copyOf(locators);
        this.nodeId = nodeId;
        this.self = self;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        FindCoordinatorRequestData data = ((FindCoordinatorRequest) request).data();
        String listener = context.listenerName.value();
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            return coordinatorFor(context, data.key(), data.keyType(), listener).thenApply(answer -> new FindCoordinatorResponse(
                    new FindCoordinatorResponseData().setErrorCode(answer.errorCode()).setErrorMessage(answer.errorMessage())
                            .setNodeId(answer.nodeId()).setHost(answer.host()).setPort(answer.port())));
        }
        List<CompletableFuture<FindCoordinatorResponseData.Coordinator>> answers = data.coordinatorKeys().stream()
                .map(key -> coordinatorFor(context, key, data.keyType(), listener)).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> new FindCoordinatorResponse(
                new FindCoordinatorResponseData().setCoordinators(answers.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<FindCoordinatorResponseData.Coordinator> coordinatorFor(RequestContext context, String key, byte keyType,
                                                                                   String listener) {
        FindCoordinatorRequest.CoordinatorType type = knownKeyType(keyType) ? FindCoordinatorRequest.CoordinatorType.forId(keyType) : null;
        CoordinatorLocator locator = type != null ? locators.get(type) : null;
        if (locator == null) {
            return CompletableFuture.completedFuture(error(key, type != null ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.INVALID_REQUEST));
        }
        if (type == FindCoordinatorRequest.CoordinatorType.GROUP && !auth.group(context, AclOperation.DESCRIBE, key)) {
            return CompletableFuture.completedFuture(error(key, Errors.GROUP_AUTHORIZATION_FAILED));
        }
        if (type == FindCoordinatorRequest.CoordinatorType.TRANSACTION && !auth.transactionalId(context, AclOperation.DESCRIBE, key)) {
            return CompletableFuture.completedFuture(error(key, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        if (type == FindCoordinatorRequest.CoordinatorType.SHARE && !auth.cluster(context, AclOperation.CLUSTER_ACTION)) {
            return CompletableFuture.completedFuture(error(key, Errors.CLUSTER_AUTHORIZATION_FAILED));
        }
        return locator.coordinatorOf(key).handle((node, failure) -> failure == null
                ? answer(key, node, listener)
                : error(key, Errors.forException(failure)));
    }

    /** The coordinator at its endpoint of the listener the request came in on. */
    private FindCoordinatorResponseData.Coordinator answer(String key, OptionalInt coordinatorId, String listener) {
        if (coordinatorId.isEmpty()) {
            return error(key, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Node node = coordinatorId.getAsInt() == nodeId ? self.apply(listener) : cluster.broker(coordinatorId.getAsInt(), listener);
        if (node == null) {
            return error(key, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        return new FindCoordinatorResponseData.Coordinator().setKey(key).setErrorCode(Errors.NONE.code())
                .setErrorMessage(Errors.NONE.message()).setNodeId(node.id()).setHost(node.host()).setPort(node.port());
    }

    private static FindCoordinatorResponseData.Coordinator error(String key, Errors error) {
        return new FindCoordinatorResponseData.Coordinator().setKey(key).setErrorCode(error.code())
                .setErrorMessage(error.message()).setNodeId(-1).setHost("").setPort(-1);
    }

    private static boolean knownKeyType(byte keyType) {
        for (FindCoordinatorRequest.CoordinatorType type : FindCoordinatorRequest.CoordinatorType.values()) {
            if (type.id() == keyType) {
                return true;
            }
        }
        return false;
    }
}
