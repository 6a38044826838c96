package io.partita.engine.protocol;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's {@link TxnMarkerWriter}: markers of partitions led here are appended through
 * {@link LocalTxnMarkers}; the others go, one WriteTxnMarkers request per leader, to the broker that leads them.
 * A partition of a deleted topic needs no marker; a partition without a leader fails the round (retried later).
 *
 * <p>Keeps one connection per broker. Thread-safe.
 */
final class TxnMarkerChannel implements TxnMarkerWriter {

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final LocalTxnMarkers local;
    private final KafkaPeers peers;
    private final Map<BrokerInfo, PeerConnection> connections = new ConcurrentHashMap<>();

    TxnMarkerChannel(int nodeId, ClusterMetadata cluster, LocalTxnMarkers local, KafkaPeers peers) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.local = local;
        this.peers = peers;
    }

    @Override
    public CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                                Set<TopicPartition> partitions) {
        Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Optional<PartitionAssignment> assignment = cluster.topic(tp.topic()).flatMap(t -> t.partition(tp.partition()));
            assignment.ifPresent(a -> byLeader.computeIfAbsent(a.leader(), l -> new ArrayList<>()).add(tp));
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        byLeader.forEach((leader, tps) -> {
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
        Optional<BrokerInfo> broker = cluster.liveBrokers().stream().filter(b -> b.nodeId() == leader).findFirst();
        if (broker.isEmpty()) {
            return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("No live leader for " + marker.partitions()));
        }
        PeerConnection connection = connections.computeIfAbsent(broker.get(), b -> peers.connect(b, "partita-txn-markers-" + nodeId));
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
