package io.partita.engine.protocol;

import io.partita.engine.txn.TransactionCoordinator;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/** AddOffsetsToTxn: the group's {@code __consumer_offsets} partition joins the transaction. Stateless. */
final class AddOffsetsToTxnHandler implements ApiHandler {

    private static final short PRODUCER_FENCED_SINCE = 2;

    private final TransactionCoordinator coordinator;

    AddOffsetsToTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AddOffsetsToTxnRequestData r = ((AddOffsetsToTxnRequest) request).data();
        return coordinator.addOffsets(r.transactionalId(), r.producerId(), r.producerEpoch(), r.groupId())
                .thenApply(error -> new AddOffsetsToTxnResponse(new AddOffsetsToTxnResponseData()
                        .setErrorCode(FencedErrors.forVersion(error, request.version(), PRODUCER_FENCED_SINCE).code())));
    }
}
