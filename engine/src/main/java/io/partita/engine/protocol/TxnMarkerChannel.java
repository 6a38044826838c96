package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.txn.LocalTxnMarkers;
import io.partita.engine.txn.TxnMarkerWriter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's {@link TxnMarkerWriter}: markers of partitions led here are appended through
 * {@link LocalTxnMarkers}; the others go, one WriteTxnMarkers request per leader, to the broker that leads them.
 * A partition of a deleted topic needs no marker; a partition without a leader fails the round (retried later).
 *
 * <p>Keeps one connection per broker. Thread-safe.
 */
public final class TxnMarkerChannel implements TxnMarkerWriter {

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final LocalTxnMarkers local;
    private final BrokerConnections connections;

    public TxnMarkerChannel(int nodeId, ClusterMetadata cluster, LocalTxnMarkers local, KafkaPeers peers) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.local = local;
        this.connections = new BrokerConnections(cluster, peers, "partita-txn-markers-" + nodeId);
    }

    @Override
    public CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                                Set<TopicPartition> partitions) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        cluster.byLeader(partitions).forEach((leader, tps) -> {
            if (leader == nodeId) {
                tps.forEach(tp -> writes.add(local.write(tp, producerId, producerEpoch, coordinatorEpoch, commit)));
            } else {
                writes.add(remote(leader, new WriteTxnMarkersRequest.TxnMarkerEntry(producerId, producerEpoch, coordinatorEpoch,
                        commit ? TransactionResult.COMMIT : TransactionResult.ABORT, tps, (short) 1)));
            }
        });
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> remote(int leader, WriteTxnMarkersRequest.TxnMarkerEntry marker) {
        Optional<PeerConnection> live = connections.to(leader);
        if (live.isEmpty()) {
            return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("No live leader for " + marker.partitions()));
        }
        PeerConnection connection = live.get();
        WriteTxnMarkersRequest request = new WriteTxnMarkersRequest.Builder(List.of(marker))
                .build(ApiKeys.WRITE_TXN_MARKERS.latestVersion());
        return connection.send(request).thenAccept(response -> {
            Map<TopicPartition, Errors> errors = ((WriteTxnMarkersResponse) response).errorsByProducerId()
                    .getOrDefault(marker.producerId(), Map.of());
            for (TopicPartition tp : marker.partitions()) {
                Errors error = errors.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR);
                if (error != Errors.NONE && error != Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw error.exception("Marker of producer " + marker.producerId() + " not written to " + tp);
                }
            }
        });
    }
}
