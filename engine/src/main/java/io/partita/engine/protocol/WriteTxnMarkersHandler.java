package io.partita.engine.protocol;

import io.partita.engine.txn.LocalTxnMarkers;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * WriteTxnMarkers, sent by the transaction coordinator of another node: the markers of the partitions this node
 * leads, each answered once replicated (or with the error of its append: NOT_LEADER_OR_FOLLOWER,
 * UNKNOWN_TOPIC_OR_PARTITION ...). Stateless.
 */
final class WriteTxnMarkersHandler implements ApiHandler {

    private final LocalTxnMarkers markers;

    WriteTxnMarkersHandler(LocalTxnMarkers markers) {
        this.markers = markers;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        Map<Long, Map<TopicPartition, Errors>> errors = new HashMap<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (WriteTxnMarkersRequest.TxnMarkerEntry marker : ((WriteTxnMarkersRequest) request).markers()) {
            Map<TopicPartition, Errors> results = errors.computeIfAbsent(marker.producerId(), p -> new HashMap<>());
            for (TopicPartition tp : marker.partitions()) {
                writes.add(markers.write(tp, marker.producerId(), marker.producerEpoch(), marker.coordinatorEpoch(),
                        marker.transactionResult() == TransactionResult.COMMIT).handle((ok, failure) -> {
                    synchronized (results) {
                        results.put(tp, failure == null ? Errors.NONE : Errors.forException(failure));
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(done -> new WriteTxnMarkersResponse(errors));
    }
}
