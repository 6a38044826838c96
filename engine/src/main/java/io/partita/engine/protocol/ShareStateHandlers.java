package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import io.partita.engine.sharestate.StateBatch;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DeleteShareGroupStateRequestData;
import org.apache.kafka.common.message.DeleteShareGroupStateResponseData;
import org.apache.kafka.common.message.InitializeShareGroupStateRequestData;
import org.apache.kafka.common.message.InitializeShareGroupStateResponseData;
import org.apache.kafka.common.message.ReadShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateResponseData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryResponseData;
import org.apache.kafka.common.message.WriteShareGroupStateRequestData;
import org.apache.kafka.common.message.WriteShareGroupStateResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteShareGroupStateRequest;
import org.apache.kafka.common.requests.DeleteShareGroupStateResponse;
import org.apache.kafka.common.requests.InitializeShareGroupStateRequest;
import org.apache.kafka.common.requests.InitializeShareGroupStateResponse;
import org.apache.kafka.common.requests.ReadShareGroupStateRequest;
import org.apache.kafka.common.requests.ReadShareGroupStateResponse;
import org.apache.kafka.common.requests.ReadShareGroupStateSummaryRequest;
import org.apache.kafka.common.requests.ReadShareGroupStateSummaryResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.WriteShareGroupStateRequest;
import org.apache.kafka.common.requests.WriteShareGroupStateResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The share coordinator's inter-broker APIs (KIP-932), which partition leaders send to the coordinator of a share
 * partition's state: InitializeShareGroupState, ReadShareGroupState, WriteShareGroupState, DeleteShareGroupState and
 * ReadShareGroupStateSummary, each partition answered on its own from the {@link ShareStateStore} (a partition's
 * failure is its error code and message: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, FENCED_LEADER_EPOCH,
 * FENCED_STATE_EPOCH, INVALID_REQUEST for a missing group id or a malformed state batch). They are cluster actions
 * ({@link WholeRequestChecks}). Stateless; safe on any thread.
 */
final class ShareStateHandlers {

    private final ShareStateStore store;

    ShareStateHandlers(ShareStateStore store) {
        this.store = store;
    }

    /** A partition's answer: built from the outcome of its operation, or from its error. */
    private interface Answer<T, R> {
        R of(int partition, T outcome, Errors error, String message);
    }

    CompletableFuture<AbstractResponse> initialize(RequestContext context, AbstractRequest request) {
        InitializeShareGroupStateRequestData data = ((InitializeShareGroupStateRequest) request).data();
        List<CompletableFuture<InitializeShareGroupStateResponseData.InitializeStateResult>> topics = new ArrayList<>();
        for (InitializeShareGroupStateRequestData.InitializeStateData topic : data.topics()) {
            topics.add(partitions(topic.partitions(), p -> key(data.groupId(), topic.topicId(), p.partition()),
                    (key, p) -> store.initialize(key, p.stateEpoch(), p.startOffset()),
                    InitializeShareGroupStateRequestData.PartitionData::partition,
                    (partition, none, error, message) -> new InitializeShareGroupStateResponseData.PartitionResult()
                            .setPartition(partition).setErrorCode(error.code()).setErrorMessage(message))
                    .thenApply(results -> new InitializeShareGroupStateResponseData.InitializeStateResult()
                            .setTopicId(topic.topicId()).setPartitions(results)));
        }
        return all(topics).thenApply(results -> new InitializeShareGroupStateResponse(
                new InitializeShareGroupStateResponseData().setResults(results)));
    }

    CompletableFuture<AbstractResponse> read(RequestContext context, AbstractRequest request) {
        ReadShareGroupStateRequestData data = ((ReadShareGroupStateRequest) request).data();
        List<CompletableFuture<ReadShareGroupStateResponseData.ReadStateResult>> topics = new ArrayList<>();
        for (ReadShareGroupStateRequestData.ReadStateData topic : data.topics()) {
            topics.add(partitions(topic.partitions(), p -> key(data.groupId(), topic.topicId(), p.partition()),
                    (key, p) -> store.read(key, p.leaderEpoch()), ReadShareGroupStateRequestData.PartitionData::partition,
                    ShareStateHandlers::readResult)
                    .thenApply(results -> new ReadShareGroupStateResponseData.ReadStateResult()
                            .setTopicId(topic.topicId()).setPartitions(results)));
        }
        return all(topics).thenApply(results -> new ReadShareGroupStateResponse(
                new ReadShareGroupStateResponseData().setResults(results)));
    }

    private static ReadShareGroupStateResponseData.PartitionResult readResult(int partition, ShareState state, Errors error,
                                                                             String message) {
        ReadShareGroupStateResponseData.PartitionResult result = new ReadShareGroupStateResponseData.PartitionResult()
                .setPartition(partition).setErrorCode(error.code()).setErrorMessage(message);
        if (state == null) return result.setStateEpoch(0).setStartOffset(-1);
        return result.setStateEpoch(state.stateEpoch()).setStartOffset(state.startOffset())
                .setStateBatches(state.batches().stream().map(b -> new ReadShareGroupStateResponseData.StateBatch()
                        .setFirstOffset(b.firstOffset()).setLastOffset(b.lastOffset())
                        .setDeliveryState(b.deliveryState()).setDeliveryCount(b.deliveryCount())).toList());
    }

    CompletableFuture<AbstractResponse> write(RequestContext context, AbstractRequest request) {
        WriteShareGroupStateRequestData data = ((WriteShareGroupStateRequest) request).data();
        List<CompletableFuture<WriteShareGroupStateResponseData.WriteStateResult>> topics = new ArrayList<>();
        for (WriteShareGroupStateRequestData.WriteStateData topic : data.topics()) {
            topics.add(partitions(topic.partitions(), p -> key(data.groupId(), topic.topicId(), p.partition()),
                    (key, p) -> store.write(key, writeOf(p)), WriteShareGroupStateRequestData.PartitionData::partition,
                    (partition, none, error, message) -> new WriteShareGroupStateResponseData.PartitionResult()
                            .setPartition(partition).setErrorCode(error.code()).setErrorMessage(message))
                    .thenApply(results -> new WriteShareGroupStateResponseData.WriteStateResult()
                            .setTopicId(topic.topicId()).setPartitions(results)));
        }
        return all(topics).thenApply(results -> new WriteShareGroupStateResponse(
                new WriteShareGroupStateResponseData().setResults(results)));
    }

    /** @throws InvalidRequestException for a malformed state batch, or batches that overlap */
    private static ShareState writeOf(WriteShareGroupStateRequestData.PartitionData p) {
        List<StateBatch> batches = new ArrayList<>(p.stateBatches().size());
        try {
            for (WriteShareGroupStateRequestData.StateBatch b : p.stateBatches()) {
                batches.add(new StateBatch(b.firstOffset(), b.lastOffset(), b.deliveryState(), b.deliveryCount()));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Partition " + p.partition() + ": " + e.getMessage());
        }
        return ShareState.write(p.stateEpoch(), p.leaderEpoch(), p.startOffset(), p.deliveryCompleteCount(), batches);
    }

    CompletableFuture<AbstractResponse> delete(RequestContext context, AbstractRequest request) {
        DeleteShareGroupStateRequestData data = ((DeleteShareGroupStateRequest) request).data();
        List<CompletableFuture<DeleteShareGroupStateResponseData.DeleteStateResult>> topics = new ArrayList<>();
        for (DeleteShareGroupStateRequestData.DeleteStateData topic : data.topics()) {
            topics.add(partitions(topic.partitions(), p -> key(data.groupId(), topic.topicId(), p.partition()),
                    (key, p) -> store.delete(key), DeleteShareGroupStateRequestData.PartitionData::partition,
                    (partition, none, error, message) -> new DeleteShareGroupStateResponseData.PartitionResult()
                            .setPartition(partition).setErrorCode(error.code()).setErrorMessage(message))
                    .thenApply(results -> new DeleteShareGroupStateResponseData.DeleteStateResult()
                            .setTopicId(topic.topicId()).setPartitions(results)));
        }
        return all(topics).thenApply(results -> new DeleteShareGroupStateResponse(
                new DeleteShareGroupStateResponseData().setResults(results)));
    }

    CompletableFuture<AbstractResponse> summary(RequestContext context, AbstractRequest request) {
        ReadShareGroupStateSummaryRequestData data = ((ReadShareGroupStateSummaryRequest) request).data();
        List<CompletableFuture<ReadShareGroupStateSummaryResponseData.ReadStateSummaryResult>> topics = new ArrayList<>();
        for (ReadShareGroupStateSummaryRequestData.ReadStateSummaryData topic : data.topics()) {
            topics.add(partitions(topic.partitions(), p -> key(data.groupId(), topic.topicId(), p.partition()),
                    (key, p) -> store.summary(key, p.leaderEpoch()), ReadShareGroupStateSummaryRequestData.PartitionData::partition,
                    ShareStateHandlers::summaryResult)
                    .thenApply(results -> new ReadShareGroupStateSummaryResponseData.ReadStateSummaryResult()
                            .setTopicId(topic.topicId()).setPartitions(results)));
        }
        return all(topics).thenApply(results -> new ReadShareGroupStateSummaryResponse(
                new ReadShareGroupStateSummaryResponseData().setResults(results)));
    }

    private static ReadShareGroupStateSummaryResponseData.PartitionResult summaryResult(int partition, ShareState state,
                                                                                       Errors error, String message) {
        ShareState shown = state == null ? ShareState.uninitialized() : state;
        return new ReadShareGroupStateSummaryResponseData.PartitionResult().setPartition(partition)
                .setErrorCode(error.code()).setErrorMessage(message).setStateEpoch(shown.stateEpoch())
                .setLeaderEpoch(shown.leaderEpoch()).setStartOffset(shown.startOffset())
                .setDeliveryCompleteCount(shown.deliveryCompleteCount());
    }

    /** @throws InvalidRequestException when the request names no group */
    private static ShareStateKey key(String groupId, Uuid topicId, int partition) {
        if (groupId == null || groupId.isEmpty()) throw new InvalidRequestException("The request names no group id");
        return new ShareStateKey(groupId, topicId, partition);
    }

    /** Runs the operation of every partition, answering each with its outcome or its own error. */
    private static <P, T, R> CompletableFuture<List<R>> partitions(List<P> partitions, Function<P, ShareStateKey> key,
                                                                    BiFunction<ShareStateKey, P, CompletableFuture<T>> operation,
                                                                       Function<P, Integer> index, Answer<T, R> answer) {
        List<CompletableFuture<R>> results = new ArrayList<>(partitions.size());
        for (P p : partitions) {
            CompletableFuture<T> outcome;
            try {
                outcome = operation.apply(key.apply(p), p);
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            int partition = index.apply(p);
            results.add(outcome.handle((value, failure) -> {
                if (failure == null) return answer.of(partition, value, Errors.NONE, null);
                Throwable cause = CompletionFailures.cause(failure);
                return answer.of(partition, null, Errors.forException(cause), cause.getMessage());
            }));
        }
        return all(results);
    }

    private static <R> CompletableFuture<List<R>> all(List<CompletableFuture<R>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }
}
