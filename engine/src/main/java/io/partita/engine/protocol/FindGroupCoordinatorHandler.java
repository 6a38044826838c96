package io.partita.engine.protocol;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * FindCoordinator: this node coordinates every group. Transactions and share groups have no coordinator yet and
 * are answered COORDINATOR_NOT_AVAILABLE. Answers the single-key form (v0-3) and the batched form (v4+).
 * Stateless; safe on any thread.
 */
final class FindGroupCoordinatorHandler implements ApiHandler {

    private final int nodeId;
    private final String host;
    private final IntSupplier port;

    FindGroupCoordinatorHandler(int nodeId, String host, IntSupplier port) {
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        FindCoordinatorRequestData data = ((FindCoordinatorRequest) request).data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponseData.Coordinator answer = coordinatorFor(data.key(), data.keyType());
            response.setErrorCode(answer.errorCode()).setErrorMessage(answer.errorMessage())
                    .setNodeId(answer.nodeId()).setHost(answer.host()).setPort(answer.port());
        } else {
            List<FindCoordinatorResponseData.Coordinator> answers = data.coordinatorKeys().stream()
                    .map(key -> coordinatorFor(key, data.keyType())).toList();
            response.setCoordinators(answers);
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(response));
    }

    private FindCoordinatorResponseData.Coordinator coordinatorFor(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator coordinator = new FindCoordinatorResponseData.Coordinator().setKey(key);
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()) {
            Errors error = knownKeyType(keyType) ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.INVALID_REQUEST;
            return coordinator.setErrorCode(error.code()).setErrorMessage(error.message())
                    .setNodeId(-1).setHost("").setPort(-1);
        }
        return coordinator.setErrorCode(Errors.NONE.code()).setErrorMessage(Errors.NONE.message())
                .setNodeId(nodeId).setHost(host).setPort(port.getAsInt());
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
