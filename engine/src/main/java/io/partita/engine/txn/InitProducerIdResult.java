package io.partita.engine.txn;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/** The answer to InitProducerId: an error, or the producer id and epoch the producer is to use. */
public record InitProducerIdResult(Errors error, long producerId, short producerEpoch) {

    static InitProducerIdResult error(Errors error) {
        return new InitProducerIdResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }

    static InitProducerIdResult of(TransactionMetadata m) {
        return new InitProducerIdResult(Errors.NONE, m.producerId(), m.producerEpoch());
    }
}
