package io.partita.engine.it;

import io.partita.engine.it.ApiFixture.ProducerIdAndEpoch;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;
import java.util.Map;

/**
 * Requests of the transaction coordinator and of a leader asked to write markers. Each request about a transaction
 * has a transactional id of its own, initialised just before (and left for the coordinator to time out).
 */
final class TransactionApiRequests {

    /** The first version of AddPartitionsToTxn in its batched form (the one brokers send, KIP-890). */
    private static final short ADD_PARTITIONS_BATCHED_SINCE = 4;

    private TransactionApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.INIT_PRODUCER_ID, ApiRequests.of((f, v) -> new InitProducerIdRequestData()
                        .setTransactionalId(null).setTransactionTimeoutMs(60_000)),
                ApiKeys.ADD_PARTITIONS_TO_TXN, ApiRequests.of((f, v) -> {
                    String id = Topics.uniqueName("txn-partitions");
                    ProducerIdAndEpoch producer = f.producerId(id);
                    AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection(List.of(
                            new AddPartitionsToTxnTopic().setName(f.scratchTopic).setPartitions(List.of(0))).iterator());
                    AddPartitionsToTxnRequestData add = new AddPartitionsToTxnRequestData();
                    return v < ADD_PARTITIONS_BATCHED_SINCE
                            ? add.setV3AndBelowTransactionalId(id).setV3AndBelowProducerId(producer.producerId())
                                    .setV3AndBelowProducerEpoch(producer.epoch()).setV3AndBelowTopics(topics)
                            : add.setTransactions(new AddPartitionsToTxnTransactionCollection(List.of(new AddPartitionsToTxnTransaction()
                                    .setTransactionalId(id).setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                                    .setTopics(topics)).iterator()));
                }),
                ApiKeys.ADD_OFFSETS_TO_TXN, ApiRequests.of((f, v) -> {
                    String id = Topics.uniqueName("txn-offsets");
                    ProducerIdAndEpoch producer = f.producerId(id);
                    return new AddOffsetsToTxnRequestData().setTransactionalId(id).setProducerId(producer.producerId())
                            .setProducerEpoch(producer.epoch()).setGroupId(f.group);
                }),
                ApiKeys.END_TXN, ApiRequests.of((f, v) -> {
                    String id = Topics.uniqueName("txn-ended");
                    ProducerIdAndEpoch producer = f.producerId(id);
                    f.addScratchPartition(id, producer);
                    return new EndTxnRequestData().setTransactionalId(id).setProducerId(producer.producerId())
                            .setProducerEpoch(producer.epoch()).setCommitted(true);
                }),
                ApiKeys.TXN_OFFSET_COMMIT, ApiRequests.of((f, v) -> {
                    String id = Topics.uniqueName("txn-committed");
                    String group = Topics.uniqueName("txn-group");
                    ProducerIdAndEpoch producer = f.producerId(id);
                    f.addOffsets(id, producer, group);
                    return new TxnOffsetCommitRequestData().setTransactionalId(id).setGroupId(group)
                            .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                            .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName(f.topic).setTopicId(f.topicId)
                                    .setPartitions(List.of(new TxnOffsetCommitRequestPartition().setPartitionIndex(0)
                                            .setCommittedOffset(2).setCommittedLeaderEpoch(0).setCommittedMetadata("v" + v)))));
                }),
                // as the coordinator of a transaction that ended would: an abort marker for a producer id in use
                ApiKeys.WRITE_TXN_MARKERS, ApiRequests.of((f, v) -> {
                    ProducerIdAndEpoch producer = f.producerId(null);
                    return new WriteTxnMarkersRequestData().setMarkers(List.of(new WritableTxnMarker()
                            .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch()).setTransactionResult(false)
                            .setCoordinatorEpoch(0).setTopics(List.of(new WritableTxnMarkerTopic()
                                    .setName(f.scratchTopic).setPartitionIndexes(List.of(0))))));
                }),
                ApiKeys.DESCRIBE_TRANSACTIONS, ApiRequests.of((f, v) -> new DescribeTransactionsRequestData()
                        .setTransactionalIds(List.of(f.openTransactionalId))),
                ApiKeys.LIST_TRANSACTIONS, ApiRequests.of((f, v) -> new ListTransactionsRequestData()
                        .setDurationFilter(v >= 1 ? 0 : -1).setTransactionalIdPattern(v >= 2 ? ".*" : null)));
    }
}
