package io.partita.engine.txn;

import org.apache.kafka.common.protocol.Errors;

/** One transactional id as DescribeTransactions answers it: an error, or its state. */
public record TransactionDescription(String transactionalId, Errors error, TransactionMetadata state) {
}
