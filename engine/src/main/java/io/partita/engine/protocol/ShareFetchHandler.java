package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.AbortedTxn;
import io.partita.engine.log.LogReadInfo;
import io.partita.engine.log.PartitionLog;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.share.AcquiredRange;
import io.partita.engine.share.DurableSharePartition;
import io.partita.engine.share.SharePartition;
import io.partita.engine.share.SharePartitions;
import io.partita.engine.share.ShareSessionException;
import io.partita.engine.share.ShareSessions;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.ShareFetchRequest;
import org.apache.kafka.common.requests.ShareFetchResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ShareFetch (KIP-932), served by the leader of the fetched partitions: moves the member's share session on (or
 * opens or closes it), applies the acknowledgements the request carries and, once they are durable at the share
 * coordinator, acquires records of the session's partitions for the member and answers them with their acquired
 * ranges. A share partition not held here yet is read from its share coordinator first, for at most MaxWaitMs. When
 * nothing could be acquired it waits, up to MaxWaitMs, for appends to the session's partitions.
 *
 * <p>Each partition is read from its share partition's next fetch offset up to the high watermark (up to the last
 * stable offset, aborted transactions withheld, when the group's {@code share.isolation.level} is read_committed); the answer carries only the batches that hold acquired records, so a fetch limited by
 * MaxRecords does not ship the rest of what it read. ShareAcquireMode 1 (record limit) acquires exactly MaxRecords
 * at most; mode 0 whole batches.
 *
 * <p>Stateless itself; safe on any thread.
 */
final class ShareFetchHandler implements ApiHandler {

    private static final System.Logger LOG = System.getLogger(ShareFetchHandler.class.getName());
    private static final byte RECORD_LIMIT_MODE = 1;

    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final SharePartitions shares;
    private final FetchWaiters waiters;
    private final RequestAuthorizer auth;
    private final AtomicInteger passes = new AtomicInteger();

    ShareFetchHandler(ClusterMetadata cluster, ReplicaManager replicas, SharePartitions shares, FetchWaiters waiters,
                      RequestAuthorizer auth) {
        this.cluster = cluster;
        this.replicas = replicas;
        this.shares = shares;
        this.waiters = waiters;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ShareFetchRequestData data = ((ShareFetchRequest) request).data();
        String group = data.groupId();
        String member = data.memberId();
        if (group == null || group.isEmpty() || member == null || member.isEmpty()) {
            return done(failed(Errors.INVALID_REQUEST, "A share fetch needs a group id and a member id", group));
        }
        if (!auth.group(context, AclOperation.READ, group)) {
            return done(failed(Errors.GROUP_AUTHORIZATION_FAILED, null, group));
        }
        Map<TopicPartition, Uuid> ids = new HashMap<>();
        Map<TopicPartition, Errors> unknown = new LinkedHashMap<>();
        Map<TopicPartition, List<ShareAcknowledgements.Batch>> acks = new LinkedHashMap<>();
        Set<TopicPartition> requested = new HashSet<>();
        for (ShareFetchRequestData.FetchTopic topic : data.topics()) {
            String name = cluster.topic(topic.topicId()).map(TopicMetadata::name).orElse(null);
            for (ShareFetchRequestData.FetchPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(name == null ? topic.topicId().toString() : name, p.partitionIndex());
                ids.put(tp, topic.topicId());
                if (name == null) {
                    unknown.put(tp, Errors.UNKNOWN_TOPIC_ID);
                    continue;
                }
                requested.add(tp);
                List<ShareAcknowledgements.Batch> batches = new ArrayList<>();
                for (ShareFetchRequestData.AcknowledgementBatch b : p.acknowledgementBatches()) {
                    batches.add(new ShareAcknowledgements.Batch(b.firstOffset(), b.lastOffset(), b.acknowledgeTypes()));
                }
                if (!batches.isEmpty()) acks.put(tp, batches);
            }
        }
        Set<TopicPartition> forgotten = new HashSet<>();
        for (ShareFetchRequestData.ForgottenTopic topic : data.forgottenTopicsData()) {
            cluster.topic(topic.topicId()).ifPresent(t ->
                    topic.partitions().forEach(p -> forgotten.add(new TopicPartition(t.name(), p))));
        }

        ShareSessions sessions = shares.sessions();
        Map<TopicPartition, CompletableFuture<Errors>> acknowledged = new HashMap<>();
        Set<TopicPartition> session;
        try {
            if (data.shareSessionEpoch() == -1) {
                if (!acks.keySet().containsAll(requested)) {
                    return done(failed(Errors.INVALID_REQUEST, "A share fetch that closes its session fetches nothing", group));
                }
                ShareSessions.Ended ended = sessions.close(group, member);
                acknowledge(group, member, acks, acknowledged);
                shares.release(ended);
                return all(acknowledged).thenApply(ackErrors -> answer(new Pass(ids, unknown).withAckErrors(ackErrors), data));
            }
            if (data.shareSessionEpoch() == 0) {
                // A new session has acquired nothing yet, so there is nothing it could acknowledge.
                if (!acks.isEmpty()) {
                    return done(failed(Errors.INVALID_REQUEST, "A share fetch that opens its session acknowledges nothing", group));
                }
                ShareSessions.Opened opened = sessions.open(group, member, requested, context.connectionId, shares.now());
                shares.release(opened.replaced());
                session = opened.partitions();
            } else {
                session = sessions.advance(group, member, data.shareSessionEpoch(), requested, forgotten,
                        context.connectionId, shares.now());
                acknowledge(group, member, acks, acknowledged);
            }
        } catch (ShareSessionException e) {
            return done(failed(Errors.valueOf(e.reason().name()), e.getMessage(), group));
        }
        for (TopicPartition tp : session) {
            ids.computeIfAbsent(tp, k -> cluster.topic(k.topic()).map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID));
        }
        long deadline = shares.now() + Math.max(0, data.maxWaitMs());
        // Acknowledgements are durable before anything more is acquired, so what they released can be had at once.
        return all(acknowledged).thenCompose(ackErrors -> {
            Map<TopicPartition, CompletableFuture<DurableSharePartition>> loads = load(context, group, session, ids);
            return settled(loads.values(), deadline).thenCompose(loaded -> {
                Pass first = read(data, session, ids, unknown, loads).withAckErrors(ackErrors);
                long waitMs = deadline - shares.now();
                if (first.acquiredAny || waitMs <= 0 || session.isEmpty()) return done(answer(first, data));
                return waiters.await(List.copyOf(session), waitMs, () -> {
                    Pass again = read(data, session, ids, unknown, loads);
                    return again.acquiredAny ? answer(again.withAckErrors(ackErrors), data) : null;
                }, () -> answer(read(data, session, ids, unknown, loads).withAckErrors(ackErrors), data));
            });
        });
    }

    private void acknowledge(String group, String member, Map<TopicPartition, List<ShareAcknowledgements.Batch>> acks,
                             Map<TopicPartition, CompletableFuture<Errors>> outcomes) {
        acks.forEach((tp, batches) -> outcomes.put(tp, ShareAcknowledgements.apply(shares, group, member, tp, batches)));
    }

    private static CompletableFuture<Map<TopicPartition, Errors>> all(Map<TopicPartition, CompletableFuture<Errors>> outcomes) {
        return CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<TopicPartition, Errors> errors = new HashMap<>();
            outcomes.forEach((tp, outcome) -> errors.put(tp, outcome.join()));
            return errors;
        });
    }

    /**
     * The group's share partition of each partition of the session this node leads and the member may read, read
     * from its durable state where this node does not hold it yet.
     */
    private Map<TopicPartition, CompletableFuture<DurableSharePartition>> load(RequestContext context, String group,
                                                                              Set<TopicPartition> session,
                                                                              Map<TopicPartition, Uuid> ids) {
        Map<TopicPartition, CompletableFuture<DurableSharePartition>> loads = new HashMap<>();
        for (TopicPartition tp : session) {
            CompletableFuture<DurableSharePartition> load;
            try {
                if (!auth.topic(context, AclOperation.READ, tp.topic())) throw Errors.TOPIC_AUTHORIZATION_FAILED.exception();
                PartitionLog log = replicas.leaderLog(tp, Optional.empty());
                load = shares.partition(group, new TopicIdPartition(ids.get(tp), tp), replicas.leaderEpoch(tp),
                        reset -> ShareStartOffset.of(log, reset, shares.now()));
            } catch (RuntimeException e) {
                load = CompletableFuture.failedFuture(e);
            }
            loads.put(tp, load);
        }
        return loads;
    }

    /** Completes when every load is done, or at {@code deadline}: a fetch waits no longer than its MaxWaitMs. */
    private CompletableFuture<Void> settled(Collection<CompletableFuture<DurableSharePartition>> loads, long deadline) {
        CompletableFuture<?>[] each = loads.stream().map(load -> load.handle((loaded, failure) -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each).completeOnTimeout(null, Math.max(0, deadline - shares.now()),
                TimeUnit.MILLISECONDS);
    }

    /** One pass over the session's partitions: what each answers. */
    private static final class Pass {
        final Map<TopicPartition, Uuid> ids;
        final Map<TopicPartition, ShareFetchResponseData.PartitionData> partitions = new LinkedHashMap<>();
        boolean acquiredAny;

        Pass(Map<TopicPartition, Uuid> ids, Map<TopicPartition, Errors> unknown) {
            this.ids = ids;
            unknown.forEach((tp, error) -> partition(tp).setErrorCode(error.code()));
        }

        ShareFetchResponseData.PartitionData partition(TopicPartition tp) {
            return partitions.computeIfAbsent(tp, k -> new ShareFetchResponseData.PartitionData()
                    .setPartitionIndex(k.partition()).setRecords(MemoryRecords.EMPTY)
                    .setCurrentLeader(new ShareFetchResponseData.LeaderIdAndEpoch().setLeaderId(-1).setLeaderEpoch(-1)));
        }

        Pass withAckErrors(Map<TopicPartition, Errors> ackErrors) {
            ackErrors.forEach((tp, error) -> partition(tp).setAcknowledgeErrorCode(error.code()));
            return this;
        }
    }

    private Pass read(ShareFetchRequestData data, Set<TopicPartition> session, Map<TopicPartition, Uuid> ids,
                      Map<TopicPartition, Errors> unknown, Map<TopicPartition, CompletableFuture<DurableSharePartition>> loads) {
        Pass pass = new Pass(ids, unknown);
        long now = shares.now();
        int bytesLeft = data.maxBytes();
        int recordsLeft = data.maxRecords();
        boolean strict = data.shareAcquireMode() == RECORD_LIMIT_MODE;
        boolean readCommitted = shares.config(data.groupId()).readCommitted();
        for (TopicPartition tp : rotated(session)) {
            if (recordsLeft <= 0 || bytesLeft <= 0) break;
            CompletableFuture<DurableSharePartition> load = loads.get(tp);
            // Still being read from the share coordinator: a later fetch has it.
            if (!load.isDone()) continue;
            try {
                SharePartition partition = load.join().partition();
                PartitionLog log = replicas.leaderLog(tp, Optional.empty());
                partition.logStartMoved(log.logStartOffset());
                long from = partition.nextFetchOffset();
                // read_committed hands out nothing of a transaction still open, and withholds the aborted ones.
                long upTo = readCommitted ? log.lastStableOffset() : log.highWatermark();
                if (from < 0 || from >= upTo) continue;
                LogReadInfo info = log.read(from, bytesLeft, upTo, true);
                List<AbortedTxn> aborted = readCommitted ? log.abortedTransactions(from, upTo) : List.of();
                // Past the end offset every record is new to the group: more than MaxRecords of them are not needed.
                AcquiredBatches read = AcquiredBatches.of(info.records(), partition.endOffset() + recordsLeft - 1, aborted);
                List<AcquiredRange> acquired = partition.acquire(data.memberId(), read.spans(), recordsLeft, strict, now);
                if (acquired.isEmpty()) continue;
                var records = read.covering(acquired);
                bytesLeft -= records.sizeInBytes();
                for (AcquiredRange range : acquired) recordsLeft -= (int) Math.min(Integer.MAX_VALUE, range.last() - range.first() + 1);
                List<ShareFetchResponseData.AcquiredRecords> ranges = new ArrayList<>(acquired.size());
                for (AcquiredRange range : acquired) {
                    ranges.add(new ShareFetchResponseData.AcquiredRecords().setFirstOffset(range.first())
                            .setLastOffset(range.last()).setDeliveryCount((short) range.deliveryCount()));
                }
                pass.partition(tp).setRecords(records).setAcquiredRecords(ranges);
                pass.acquiredAny = true;
            } catch (CompletionException e) {
                Errors error = loadError(e.getCause());
                if (error != Errors.NONE) pass.partition(tp).setErrorCode(error.code()).setErrorMessage(e.getCause().getMessage());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Share fetch from " + tp + " failed", e);
                pass.partition(tp).setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
            } catch (RuntimeException e) {
                pass.partition(tp).setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
        }
        return pass;
    }

    /**
     * The session's partitions, starting at a different one each pass: under MaxRecords or MaxBytes the first ones
     * would otherwise be served every time and the last ones starve.
     */
    private List<TopicPartition> rotated(Set<TopicPartition> session) {
        List<TopicPartition> order = new ArrayList<>(session);
        if (order.size() > 1) Collections.rotate(order, -Math.floorMod(passes.getAndIncrement(), order.size()));
        return order;
    }

    /**
     * What a partition whose share partition could not be had answers: nothing while its share coordinator is out
     * of reach (the member fetches again and a later load may do), NOT_LEADER_OR_FOLLOWER when a newer leader has
     * it, else the failure's own error.
     */
    private static Errors loadError(Throwable failure) {
        if (failure instanceof FencedLeaderEpochException) return Errors.NOT_LEADER_OR_FOLLOWER;
        if (failure instanceof UncheckedIOException) return Errors.KAFKA_STORAGE_ERROR;
        if (failure instanceof ApiException && !(failure instanceof CoordinatorNotAvailableException)
                && !(failure instanceof NotCoordinatorException) && !(failure instanceof CoordinatorLoadInProgressException)) {
            return Errors.forException(failure);
        }
        return Errors.NONE;
    }

    private AbstractResponse answer(Pass pass, ShareFetchRequestData data) {
        LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> partitions = new LinkedHashMap<>();
        pass.partitions.forEach((tp, pd) -> partitions.put(
                new TopicIdPartition(pass.ids.getOrDefault(tp, Uuid.ZERO_UUID), tp), pd));
        return ShareFetchResponse.of(Errors.NONE, 0, partitions, List.of(), lockTimeoutMs(data.groupId()));
    }

    /** The group's {@code share.record.lock.duration.ms}, which the response tells the member. */
    private int lockTimeoutMs(String groupId) {
        return (int) Math.min(Integer.MAX_VALUE, shares.config(groupId).lockDurationMs());
    }

    private ShareFetchResponse failed(Errors error, String message, String groupId) {
        ShareFetchResponse response = ShareFetchResponse.of(error, 0, new LinkedHashMap<>(), List.of(), lockTimeoutMs(groupId));
        response.data().setErrorMessage(message);
        return response;
    }

    private static CompletableFuture<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
