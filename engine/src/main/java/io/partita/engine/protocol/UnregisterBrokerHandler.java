package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import org.apache.kafka.common.message.UnregisterBrokerResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.UnregisterBrokerRequest;
import org.apache.kafka.common.requests.UnregisterBrokerResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * UnregisterBroker ({@code Admin.unregisterBroker}, {@code kafka-cluster.sh unregister --id N}): removes a broker
 * gone for good, and its seat in the metadata quorum ({@link ClusterMetadata#unregisterBroker}). Any node serves it
 * (Kafka's admin client sends it to any broker and retries only REQUEST_TIMED_OUT); the write runs on the metadata
 * thread, as it may wait on the quorum. Stateless.
 */
final class UnregisterBrokerHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final Executor metadataWrites;

    UnregisterBrokerHandler(ClusterMetadata cluster, Executor metadataWrites) {
        this.cluster = cluster;
        this.metadataWrites = metadataWrites;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        int brokerId = ((UnregisterBrokerRequest) request).data().brokerId();
        return CompletableFuture.supplyAsync(() -> {
            UnregisterBrokerResponseData data = new UnregisterBrokerResponseData();
            try {
                cluster.unregisterBroker(brokerId);
            } catch (RuntimeException e) {
                Errors error = Errors.forException(e);
                data.setErrorCode(error.code()).setErrorMessage(e.getMessage());
            }
            return new UnregisterBrokerResponse(data);
        }, metadataWrites);
    }
}
