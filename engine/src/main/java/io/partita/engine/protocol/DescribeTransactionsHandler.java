package io.partita.engine.protocol;

import io.partita.engine.txn.TransactionCoordinator;
import io.partita.engine.txn.TransactionDescription;
import io.partita.engine.txn.TransactionMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * DescribeTransactions ({@code kafka-transactions.sh describe}): the state of each id this node coordinates; an id the
 * principal may not DESCRIBE is answered TRANSACTIONAL_ID_AUTHORIZATION_FAILED. Stateless.
 */
final class DescribeTransactionsHandler implements ApiHandler {

    private final TransactionCoordinator coordinator;
    private final RequestAuthorizer auth;

    DescribeTransactionsHandler(TransactionCoordinator coordinator, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeTransactionsRequestData r = ((DescribeTransactionsRequest) request).data();
        List<String> allowed = auth.filter(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, r.transactionalIds(), id -> id);
        return coordinator.describe(allowed).thenApply(answers -> {
            DescribeTransactionsResponseData data = new DescribeTransactionsResponseData();
            answers.forEach(a -> data.transactionStates().add(state(a)));
            r.transactionalIds().stream().filter(id -> !allowed.contains(id)).forEach(id -> data.transactionStates().add(
                    new DescribeTransactionsResponseData.TransactionState().setTransactionalId(id)
                            .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())));
            return new DescribeTransactionsResponse(data);
        });
    }

    private static DescribeTransactionsResponseData.TransactionState state(TransactionDescription a) {
        DescribeTransactionsResponseData.TransactionState s = new DescribeTransactionsResponseData.TransactionState()
                .setTransactionalId(a.transactionalId()).setErrorCode(a.error().code());
        TransactionMetadata m = a.state();
        if (m == null) return s;
        s.setTransactionState(m.state().kafkaName()).setTransactionTimeoutMs(m.timeoutMs())
                .setTransactionStartTimeMs(m.txnStartTimestampMs()).setProducerId(m.producerId()).setProducerEpoch(m.producerEpoch());
        Map<String, List<Integer>> byTopic = m.partitions().stream().collect(Collectors.groupingBy(TopicPartition::topic,
                TreeMap::new, Collectors.mapping(TopicPartition::partition, Collectors.toList())));
        byTopic.forEach((topic, partitions) -> s.topics().add(
                new DescribeTransactionsResponseData.TopicData().setTopic(topic).setPartitions(partitions)));
        return s;
    }
}
