package io.partita.engine.txn;

import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the end of a transaction (a commit or abort control batch) into every partition it wrote to, wherever
 * each partition's leader is.
 *
 * <p>Thread-safe; the returned future may complete on any thread.
 */
@FunctionalInterface
public interface TxnMarkerWriter {

    /**
     * Completes when every partition's in-sync replicas hold the marker; fails when any partition could not be
     * written (the coordinator writes them all again later: a marker written twice is harmless). Partitions whose
     * topic no longer exists count as written.
     */
    CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                         Set<TopicPartition> partitions);
}
