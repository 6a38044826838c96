package io.partita.engine.txn;

import io.partita.engine.log.LogAppendInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;

/**
 * Appends a transaction marker (a control batch) to a partition this node leads, as
 * {@code ReplicaManager.appendTxnMarker} does; throws as {@code appendAsLeader} does (not leader, storage error).
 */
@FunctionalInterface
public interface TxnMarkerAppender {

    LogAppendInfo appendTxnMarker(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                                  boolean commit) throws IOException;
}
