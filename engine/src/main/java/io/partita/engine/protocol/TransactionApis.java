package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.txn.LocalTxnMarkers;
import io.partita.engine.txn.ProducerIdManager;
import io.partita.engine.txn.TransactionCoordinator;
import io.partita.engine.txn.TxnMarkerWriter;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Kafka APIs of producers (InitProducerId, idempotent and transactional) and of transactions: served by the
 * {@link TransactionCoordinator}, TxnOffsetCommit by the group coordinator, WriteTxnMarkers by the node's own
 * partitions. FindCoordinator for transactional ids is in {@link GroupApis}. Every API is advertised at the
 * versions Kafka 4.4 advertises. Transaction protocol version 1: no finalized {@code transaction.version} feature
 * is advertised, so Kafka's producers add partitions explicitly and keep their epoch across transactions.
 * Immutable; its handlers are safe on any thread.
 */
public final class TransactionApis {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    /**
     * @param admin runs the requests of idempotent producers, which may reserve a block of producer ids in the
     *              cluster metadata
     * @param auth  what each request's principal may do with transactional ids and topics
     */
    public TransactionApis(TransactionCoordinator transactions, GroupCoordinator groups, LocalTxnMarkers markers,
                           ProducerIdManager producerIds, GroupTopics topics, Executor admin, RequestAuthorizer auth) {
        handlers.put(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds, transactions, admin));
        handlers.put(ApiKeys.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(transactions, topics, auth));
        handlers.put(ApiKeys.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(transactions));
        handlers.put(ApiKeys.END_TXN, new EndTxnHandler(transactions));
        handlers.put(ApiKeys.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(groups, topics, auth));
        handlers.put(ApiKeys.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(markers));
        handlers.put(ApiKeys.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(transactions, auth));
        handlers.put(ApiKeys.LIST_TRANSACTIONS, new ListTransactionsHandler(transactions, auth));
    }

    /**
     * The coordinator's way to its markers: appended here for partitions this node leads, sent as WriteTxnMarkers
     * to the leader of the others.
     */
    public static TxnMarkerWriter markerWriter(int nodeId, ClusterMetadata cluster, LocalTxnMarkers local, KafkaPeers peers) {
        return new TxnMarkerChannel(nodeId, cluster, local, peers);
    }

    /** A handler for each API served here. */
    public Map<ApiKeys, ApiHandler> handlers() {
        return Map.copyOf(handlers);
    }
}
