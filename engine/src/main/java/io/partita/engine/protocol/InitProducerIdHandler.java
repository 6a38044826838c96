package io.partita.engine.protocol;

import io.partita.engine.txn.InitProducerIdResult;
import io.partita.engine.txn.ProducerIdManager;
import io.partita.engine.txn.TransactionCoordinator;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * InitProducerId. Idempotent producers (no transactional id) get a fresh producer id at epoch 0, or, when they
 * present the id and epoch they have (KIP-360, after an unknown-producer or sequence error), the same id at the
 * next epoch. Transactional producers are answered by the {@link TransactionCoordinator}. Stateless.
 */
final class InitProducerIdHandler implements ApiHandler {

    private static final short PRODUCER_FENCED_SINCE = 4;

    private final ProducerIdManager producerIds;
    private final TransactionCoordinator transactions;
    private final Executor admin;

    InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator transactions, Executor admin) {
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.admin = admin;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        InitProducerIdRequestData r = ((InitProducerIdRequest) request).data();
        if (r.transactionalId() != null) {
            return transactions.initProducerId(r.transactionalId(), r.transactionTimeoutMs(), r.producerId(), r.producerEpoch())
                    .thenApply(result -> response(result, request.version()));
        }
        return CompletableFuture.supplyAsync(() -> {
            long id = r.producerId();
            short epoch = r.producerEpoch();
            InitProducerIdResponseData data = new InitProducerIdResponseData();
            if (id != RecordBatch.NO_PRODUCER_ID && epoch != RecordBatch.NO_PRODUCER_EPOCH && epoch < Short.MAX_VALUE - 1) {
                data.setProducerId(id).setProducerEpoch((short) (epoch + 1));
            } else {
                data.setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
            }
            return new InitProducerIdResponse(data);
        }, admin);
    }

    private static AbstractResponse response(InitProducerIdResult result, short version) {
        return new InitProducerIdResponse(new InitProducerIdResponseData()
                .setErrorCode(FencedErrors.forVersion(result.error(), version, PRODUCER_FENCED_SINCE).code())
                .setProducerId(result.producerId()).setProducerEpoch(result.producerEpoch()));
    }
}
