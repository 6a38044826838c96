package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.sharestate.ShareCoordinator;
import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import io.partita.engine.sharestate.StateBatch;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.DeleteShareGroupStateRequestData;
import org.apache.kafka.common.message.InitializeShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateResponseData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryResponseData;
import org.apache.kafka.common.message.WriteShareGroupStateRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
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
import org.apache.kafka.common.requests.WriteShareGroupStateRequest;
import org.apache.kafka.common.requests.WriteShareGroupStateResponse;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link ShareStateStore} partition leaders keep their share partitions' state through (KIP-932's persister):
 * each share partition's state is at its coordinator, the leader of the key's {@code __share_group_state} partition,
 * which is this node's {@link ShareCoordinator} or another broker reached through the inter-broker APIs
 * (InitializeShareGroupState, ReadShareGroupState, WriteShareGroupState, DeleteShareGroupState,
 * ReadShareGroupStateSummary, one partition per request).
 *
 * <p>While the coordinator moves (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, a
 * connection lost or a request unanswered) an operation is tried again, the coordinator looked up anew each time,
 * with a doubling backoff, for up to {@link #RETRY_WINDOW_MS}; a write that may have reached the coordinator before
 * its answer was lost is simply written again, as applying it twice gives the same state. Other failures end the
 * operation at once with the coordinator's error.
 *
 * <p>Keeps one connection per broker. Thread-safe.
 */
public final class ShareStateChannel implements ShareStateStore {

    /** Long enough for a dead coordinator's state partition to get a new leader and be loaded there. */
    static final long RETRY_WINDOW_MS = 30_000;
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1_000;
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final int nodeId;
    private final ShareCoordinator local;
    private final BrokerConnections connections;
    private final ScheduledExecutorService timer;
    private final Clock clock;

    /** @param timer runs the retries' backoffs; nothing else */
    public ShareStateChannel(int nodeId, ClusterMetadata cluster, ShareCoordinator local, KafkaPeers peers,
                      ScheduledExecutorService timer, Clock clock) {
        this.nodeId = nodeId;
        this.local = local;
        this.connections = new BrokerConnections(cluster, peers, "partita-share-state-" + nodeId);
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> initialize(ShareStateKey key, int stateEpoch, long startOffset) {
        return call(key, store -> store.initialize(key, stateEpoch, startOffset),
                () -> new InitializeShareGroupStateRequest.Builder(new InitializeShareGroupStateRequestData()
                        .setGroupId(key.groupId()).setTopics(List.of(new InitializeShareGroupStateRequestData.InitializeStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(new InitializeShareGroupStateRequestData.PartitionData()
                                        .setPartition(key.partition()).setStateEpoch(stateEpoch).setStartOffset(startOffset))))))
                        .build(ApiKeys.INITIALIZE_SHARE_GROUP_STATE.latestVersion()),
                response -> {
                    var p = ((InitializeShareGroupStateResponse) response).data().results().get(0).partitions().get(0);
                    check(p.errorCode(), p.errorMessage());
                    return null;
                });
    }

    @Override
    public CompletableFuture<ShareState> read(ShareStateKey key, int leaderEpoch) {
        return call(key, store -> store.read(key, leaderEpoch),
                () -> new ReadShareGroupStateRequest.Builder(new ReadShareGroupStateRequestData()
                        .setGroupId(key.groupId()).setTopics(List.of(new ReadShareGroupStateRequestData.ReadStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(new ReadShareGroupStateRequestData.PartitionData()
                                        .setPartition(key.partition()).setLeaderEpoch(leaderEpoch))))))
                        .build(ApiKeys.READ_SHARE_GROUP_STATE.latestVersion()),
                response -> {
                    ReadShareGroupStateResponseData.PartitionResult p =
                            ((ReadShareGroupStateResponse) response).data().results().get(0).partitions().get(0);
                    check(p.errorCode(), p.errorMessage());
                    // The read answer carries no leader epoch: the one just recorded is the caller's.
                    return new ShareState(p.stateEpoch(), leaderEpoch, p.startOffset(), -1, p.stateBatches().stream()
                            .map(b -> new StateBatch(b.firstOffset(), b.lastOffset(), b.deliveryState(), b.deliveryCount()))
                            .toList());
                });
    }

    @Override
    public CompletableFuture<ShareState> summary(ShareStateKey key, int leaderEpoch) {
        return call(key, store -> store.summary(key, leaderEpoch),
                () -> new ReadShareGroupStateSummaryRequest.Builder(new ReadShareGroupStateSummaryRequestData()
                        .setGroupId(key.groupId()).setTopics(List.of(new ReadShareGroupStateSummaryRequestData.ReadStateSummaryData()
                                .setTopicId(key.topicId()).setPartitions(List.of(new ReadShareGroupStateSummaryRequestData.PartitionData()
                                        .setPartition(key.partition()).setLeaderEpoch(leaderEpoch))))))
                        .build(ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY.latestVersion()),
                response -> {
                    ReadShareGroupStateSummaryResponseData.PartitionResult p =
                            ((ReadShareGroupStateSummaryResponse) response).data().results().get(0).partitions().get(0);
                    check(p.errorCode(), p.errorMessage());
                    return new ShareState(p.stateEpoch(), p.leaderEpoch(), p.startOffset(), p.deliveryCompleteCount(), List.of());
                });
    }

    @Override
    public CompletableFuture<Void> write(ShareStateKey key, ShareState write) {
        return call(key, store -> store.write(key, write),
                () -> new WriteShareGroupStateRequest.Builder(new WriteShareGroupStateRequestData()
                        .setGroupId(key.groupId()).setTopics(List.of(new WriteShareGroupStateRequestData.WriteStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(new WriteShareGroupStateRequestData.PartitionData()
                                        .setPartition(key.partition()).setStateEpoch(write.stateEpoch())
                                        .setLeaderEpoch(write.leaderEpoch()).setStartOffset(write.startOffset())
                                        .setDeliveryCompleteCount(write.deliveryCompleteCount())
                                        .setStateBatches(write.batches().stream().map(b -> new WriteShareGroupStateRequestData.StateBatch()
                                                .setFirstOffset(b.firstOffset()).setLastOffset(b.lastOffset())
                                                .setDeliveryState(b.deliveryState()).setDeliveryCount(b.deliveryCount())).toList()))))))
                        .build(ApiKeys.WRITE_SHARE_GROUP_STATE.latestVersion()),
                response -> {
                    var p = ((WriteShareGroupStateResponse) response).data().results().get(0).partitions().get(0);
                    check(p.errorCode(), p.errorMessage());
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> delete(ShareStateKey key) {
        return call(key, store -> store.delete(key),
                () -> new DeleteShareGroupStateRequest.Builder(new DeleteShareGroupStateRequestData()
                        .setGroupId(key.groupId()).setTopics(List.of(new DeleteShareGroupStateRequestData.DeleteStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(new DeleteShareGroupStateRequestData.PartitionData()
                                        .setPartition(key.partition()))))))
                        .build(ApiKeys.DELETE_SHARE_GROUP_STATE.latestVersion()),
                response -> {
                    var p = ((DeleteShareGroupStateResponse) response).data().results().get(0).partitions().get(0);
                    check(p.errorCode(), p.errorMessage());
                    return null;
                });
    }

    /** @throws ApiException the error a coordinator answered for the partition */
    private static void check(short errorCode, String message) {
        Errors error = Errors.forCode(errorCode);
        if (error != Errors.NONE) throw message == null ? error.exception() : error.exception(message);
    }

    /** Runs one operation at the key's coordinator: locally, or as {@code request} answered by {@code answer}. */
    private <T> CompletableFuture<T> call(ShareStateKey key, Function<ShareStateStore, CompletableFuture<T>> locally,
                                          Supplier<AbstractRequest> request, Function<AbstractResponse, T> answer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(() -> local.findCoordinator(key.coordinatorKey()).thenCompose(coordinator -> {
            int node = coordinator.orElseThrow(() -> new CoordinatorNotAvailableException(
                    "The share coordinator of " + key.coordinatorKey() + " has no leader now"));
            if (node == nodeId) return locally.apply(local);
            PeerConnection connection = connections.to(node).orElseThrow(() -> new CoordinatorNotAvailableException(
                    "The share coordinator, broker " + node + ", is not live"));
            return connection.send(request.get()).orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).thenApply(answer);
        }), clock.millis() + RETRY_WINDOW_MS, FIRST_BACKOFF_MS, result);
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> once, long deadline, long backoff, CompletableFuture<T> result) {
        CompletableFuture<T> tried;
        try {
            tried = once.get();
        } catch (RuntimeException e) {
            tried = CompletableFuture.failedFuture(e);
        }
        tried.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = CompletionFailures.cause(failure);
            if (!movable(cause) || clock.millis() + backoff > deadline) {
                result.completeExceptionally(cause);
                return;
            }
            timer.schedule(() -> attempt(once, deadline, Math.min(2 * backoff, MAX_BACKOFF_MS), result), backoff,
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Whether {@code failure} says the coordinator is moving or unreachable, so that asking again may do. */
    private static boolean movable(Throwable failure) {
        return failure instanceof NotCoordinatorException || failure instanceof CoordinatorLoadInProgressException
                || failure instanceof CoordinatorNotAvailableException || failure instanceof DisconnectException
                || failure instanceof TimeoutException || failure instanceof IOException;
    }
}
