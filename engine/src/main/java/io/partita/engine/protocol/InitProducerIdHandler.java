package io.partita.engine.protocol;

import io.partita.engine.txn.ProducerIdManager;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
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
 * InitProducerId for idempotent producers: a fresh producer id at epoch 0, or, when the producer presents the id
 * and epoch it has (KIP-360, after an unknown-producer or sequence error), the same id at the next epoch.
 * Transactional ids need the transaction coordinator, which this node does not run yet.
 */
final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIdManager producerIds;
    private final Executor admin;

    InitProducerIdHandler(ProducerIdManager producerIds, Executor admin) {
        this.producerIds = producerIds;
        this.admin = admin;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        InitProducerIdRequest r = (InitProducerIdRequest) request;
        if (r.data().transactionalId() != null) {
            throw new CoordinatorNotAvailableException("Transactions are not served by this node yet.");
        }
        return CompletableFuture.supplyAsync(() -> {
            long id = r.data().producerId();
            short epoch = r.data().producerEpoch();
            InitProducerIdResponseData data = new InitProducerIdResponseData();
            if (id != RecordBatch.NO_PRODUCER_ID && epoch != RecordBatch.NO_PRODUCER_EPOCH && epoch < Short.MAX_VALUE - 1) {
                data.setProducerId(id).setProducerEpoch((short) (epoch + 1));
            } else {
                data.setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
            }
            return new InitProducerIdResponse(data);
        }, admin);
    }
}
