package io.partita.engine.protocol;

import org.apache.kafka.common.protocol.Errors;

/**
 * PRODUCER_FENCED exists from a version of each transaction API on (InitProducerId v4, AddPartitionsToTxn,
 * AddOffsetsToTxn and EndTxn v2, TxnOffsetCommit v3); older clients are told INVALID_PRODUCER_EPOCH, as Kafka does.
 * Stateless.
 */
final class FencedErrors {

    private FencedErrors() {
    }

    static Errors forVersion(Errors error, short version, int producerFencedSince) {
        return error == Errors.PRODUCER_FENCED && version < producerFencedSince ? Errors.INVALID_PRODUCER_EPOCH : error;
    }
}
