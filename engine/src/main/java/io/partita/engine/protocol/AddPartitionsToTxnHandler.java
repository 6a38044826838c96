package io.partita.engine.protocol;

import io.partita.engine.txn.TransactionCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn: the client form (v0-3, one transaction) and the broker form (v4+, several transactions,
 * optionally only verifying). As Kafka, partitions of topics that do not exist are answered
 * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, nothing being added; so are partitions of topics a
 * client's principal may not WRITE (TOPIC_AUTHORIZATION_FAILED). Stateless.
 */
final class AddPartitionsToTxnHandler implements ApiHandler {

    private static final short PRODUCER_FENCED_SINCE = 2;
    private static final short BROKER_FORM_SINCE = 4;

    private final TransactionCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    AddPartitionsToTxnHandler(TransactionCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AddPartitionsToTxnRequestData data = ((AddPartitionsToTxnRequest) request).data();
        short version = request.version();
        if (version < BROKER_FORM_SINCE) {
            List<TopicPartition> partitions = AddPartitionsToTxnRequest.getPartitions(data.v3AndBelowTopics());
            return add(context, data.v3AndBelowTransactionalId(), data.v3AndBelowProducerId(), data.v3AndBelowProducerEpoch(),
                    partitions, false, version).thenApply(errors -> new AddPartitionsToTxnResponse(new AddPartitionsToTxnResponseData()
                    .setResultsByTopicV3AndBelow(AddPartitionsToTxnResponse.resultForTransaction(
                            AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID, errors).topicResults())));
        }
        List<CompletableFuture<AddPartitionsToTxnResponseData.AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction txn : data.transactions()) {
            results.add(add(null, txn.transactionalId(), txn.producerId(), txn.producerEpoch(),
                    AddPartitionsToTxnRequest.getPartitions(txn.topics()), txn.verifyOnly(), version)
                    .thenApply(errors -> AddPartitionsToTxnResponse.resultForTransaction(txn.transactionalId(), errors)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection collection =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection();
            results.forEach(r -> collection.add(r.join()));
            return new AddPartitionsToTxnResponse(new AddPartitionsToTxnResponseData().setResultsByTransaction(collection));
        });
    }

    /** @param client the request's context when a client sent it (v0-3), whose topics need WRITE; null from a broker */
    private CompletableFuture<Map<TopicPartition, Errors>> add(RequestContext client, String transactionalId, long producerId, short epoch,
                                                               List<TopicPartition> partitions, boolean verifyOnly, short version) {
        Map<TopicPartition, Errors> errors = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (client != null && !auth.topic(client, AclOperation.WRITE, tp.topic())) {
                errors.put(tp, Errors.TOPIC_AUTHORIZATION_FAILED);
            } else if (tp.partition() < 0 || tp.partition() >= topics.partitionCount(tp.topic())) {
                errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!errors.isEmpty()) {
            partitions.forEach(tp -> errors.putIfAbsent(tp, Errors.OPERATION_NOT_ATTEMPTED));
            return CompletableFuture.completedFuture(errors);
        }
        return coordinator.addPartitions(transactionalId, producerId, epoch, new HashSet<>(partitions), verifyOnly)
                .thenApply(error -> {
                    Errors answered = FencedErrors.forVersion(error, version, PRODUCER_FENCED_SINCE);
                    partitions.forEach(tp -> errors.put(tp, answered));
                    return errors;
                });
    }
}
