package io.partita.engine.protocol;

import io.partita.engine.txn.TransactionCoordinator;
import io.partita.engine.txn.TransactionFilter;
import io.partita.engine.txn.TransactionState;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ListTransactions ({@code kafka-transactions.sh list}): the ids this node coordinates, filtered by state, producer
 * id, duration (v1) and id pattern (v2, a Java regular expression). State names this node does not know are
 * listed back as unknown, as Kafka does. Only the ids the principal may DESCRIBE are listed. Stateless.
 */
final class ListTransactionsHandler implements ApiHandler {

    private final TransactionCoordinator coordinator;
    private final RequestAuthorizer auth;

    ListTransactionsHandler(TransactionCoordinator coordinator, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListTransactionsRequestData r = ((ListTransactionsRequest) request).data();
        Set<String> known = new HashSet<>();
        Arrays.stream(TransactionState.values()).forEach(s -> known.add(s.kafkaName()));
        List<String> unknown = r.stateFilters().stream().filter(s -> !known.contains(s)).toList();
        Pattern pattern;
        try {
            String idPattern = r.transactionalIdPattern();
            pattern = idPattern == null || idPattern.isEmpty() ? null : Pattern.compile(idPattern);
        } catch (PatternSyntaxException e) {
            return CompletableFuture.completedFuture(new ListTransactionsResponse(new ListTransactionsResponseData()
                    .setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code())));
        }
        TransactionFilter filter = new TransactionFilter(Set.copyOf(r.stateFilters()), Set.copyOf(r.producerIdFilters()),
                r.durationFilter(), pattern);
        return coordinator.list(filter).thenApply(listed -> {
            ListTransactionsResponseData data = new ListTransactionsResponseData().setUnknownStateFilters(unknown);
            listed.stream().filter(m -> auth.transactionalId(context, AclOperation.DESCRIBE, m.transactionalId())).forEach(m -> data.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                    .setTransactionalId(m.transactionalId()).setProducerId(m.producerId())
                    .setTransactionState(m.state().kafkaName())));
            return new ListTransactionsResponse(data);
        });
    }
}
