package io.partita.engine.txn;

import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Writes transaction markers into partitions this node leads, for the local coordinator and for WriteTxnMarkers
 * requests of coordinators elsewhere. A marker counts once the in-sync replicas hold it; a marker in
 * {@code __consumer_offsets} also ends the transaction's pending offsets there (through the group coordinator),
 * before it counts.
 *
 * <p>Thread-safe.
 */
public final class LocalTxnMarkers {

    /** How long a marker may wait for the in-sync replicas (Kafka's default request timeout). */
    private static final long REPLICATION_TIMEOUT_MS = 30_000;

    /** Told of every marker written to a {@code __consumer_offsets} partition. */
    @FunctionalInterface
    public interface OffsetsTransactionEnd {
        CompletableFuture<Void> transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit);
    }

    private final ReplicaManager replicas;
    private final TxnMarkerAppender appender;
    private final OffsetsTransactionEnd offsets;

    public LocalTxnMarkers(ReplicaManager replicas, TxnMarkerAppender appender, OffsetsTransactionEnd offsets) {
        this.replicas = replicas;
        this.appender = appender;
        this.offsets = offsets;
    }

    /**
     * Appends the marker and completes once it is replicated (and, in {@code __consumer_offsets}, applied); fails as
     * the append or the replication wait fails.
     */
    public CompletableFuture<Void> write(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                                         boolean commit) {
        try {
            LogAppendInfo appended = appender.appendTxnMarker(tp, producerId, producerEpoch, coordinatorEpoch, commit);
            CompletableFuture<Void> replicated = replicas.awaitReplicated(tp, appended.lastOffset() + 1, REPLICATION_TIMEOUT_MS);
            if (!tp.topic().equals(Topic.GROUP_METADATA_TOPIC_NAME)) return replicated;
            return replicated.thenCompose(done -> offsets.transactionEnded(producerId, producerEpoch, tp.partition(), commit));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
