package io.partita.engine.protocol;

import io.partita.engine.txn.TransactionCoordinator;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * EndTxn: commits or aborts the producer's transaction; answered once the decision is stored (the markers follow).
 * The producer id and epoch of the answer (read by v5 clients, transaction version 2) are the producer's own: the
 * epoch is not bumped per transaction here. Stateless.
 */
final class EndTxnHandler implements ApiHandler {

    private static final short PRODUCER_FENCED_SINCE = 2;

    private final TransactionCoordinator coordinator;

    EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        EndTxnRequestData r = ((EndTxnRequest) request).data();
        return coordinator.endTransaction(r.transactionalId(), r.producerId(), r.producerEpoch(), r.committed())
                .thenApply(error -> new EndTxnResponse(new EndTxnResponseData()
                        .setErrorCode(FencedErrors.forVersion(error, request.version(), PRODUCER_FENCED_SINCE).code())
                        .setProducerId(r.producerId()).setProducerEpoch(r.producerEpoch())));
    }
}
