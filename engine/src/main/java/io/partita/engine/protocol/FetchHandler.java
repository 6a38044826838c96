package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.AbortedTxn;
import io.partita.engine.log.LogReadInfo;
import io.partita.engine.log.PartitionLog;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.quota.QuotaType;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch: reads whole batches straight from segment files (the response carries file ranges that are sent with
 * sendfile), up to the high watermark for read_uncommitted consumers, up to the last stable offset for
 * read_committed ones (with the aborted transactions overlapping what is returned, whose data the consumer skips),
 * and up to the log end for followers (whose fetch offset tells
 * the leader how far they have copied, see {@link ReplicaManager#followerFetched}), within {@code max.bytes} and each partition's limit, and always at least
 * one batch so a consumer makes progress. A fetch at a stale leader epoch gets FENCED_LEADER_EPOCH, at one this
 * node has not heard of UNKNOWN_LEADER_EPOCH, and to a node that does not lead the partition NOT_LEADER_OR_FOLLOWER,
 * so the client refreshes its metadata. A follower gets no records of a partition the leader-side replication throttle
 * holds back ({@link ReplicaManager#leaderThrottles}); what followers get of throttled partitions counts against it. When less than {@code min.bytes} is available it waits, up to
 * {@code max.wait.ms}, for an append to one of the fetched partitions or a move of its high watermark (which is
 * also what moves the last stable offset: a marker is an append) ({@link FetchWaiters}).
 *
 * <p>A consumer's partitions of a topic its principal may not READ are answered TOPIC_AUTHORIZATION_FAILED; a
 * follower's fetch needs CLUSTER_ACTION on the cluster, checked for the whole request ({@link WholeRequestChecks}).
 *
 * <p>The records of each answer count in the node's {@link BrokerStats} as bytes out, to consumers (per topic too) or to followers,
 * and a consumer's against its {@code consumer_byte_rate} quota ({@link ClientQuotas}); over it, the answer carries
 * the throttle time and the connection is muted for that long. Unlike Kafka, which then answers without records and
 * takes the bytes back, the records read are sent: a partition whose first batch alone exceeds what the quota lets
 * through at once is still served, at the quota's pace.
 *
 * <p>Fetch sessions (KIP-227) are not kept: every answer carries session id 0, which tells clients to send full
 * requests.
 */
final class FetchHandler implements ApiHandler {

    private static final System.Logger LOG = System.getLogger(FetchHandler.class.getName());

    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final FetchWaiters waiters;
    private final BrokerStats stats;
    private final ClientQuotas quotas;
    private final RequestAuthorizer auth;

    FetchHandler(ClusterMetadata cluster, ReplicaManager replicas, FetchWaiters waiters, BrokerStats stats,
                 ClientQuotas quotas, RequestAuthorizer auth) {
        this.quotas = quotas;
        this.auth = auth;
        this.cluster = cluster;
        this.replicas = replicas;
        this.waiters = waiters;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        FetchRequest fetch = (FetchRequest) request;
        Result first = read(context, fetch);
        if (first.bytes() >= fetch.minBytes() || fetch.maxWait() <= 0 || first.failed()) {
            return CompletableFuture.completedFuture(answer(first, fetch, context));
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (FetchTopic t : fetch.data().topics()) {
            String name = topicName(t);
            if (name != null) t.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
        }
        return waiters.await(partitions, fetch.maxWait(), () -> {
            Result again = read(context, fetch);
            return again.bytes() >= fetch.minBytes() || again.failed() ? answer(again, fetch, context) : null;
        }, () -> answer(read(context, fetch), fetch, context));
    }

    /** The response of a pass that answers the request, counted, and throttled when the consumer is over its quota. */
    private FetchResponse answer(Result result, FetchRequest fetch, RequestContext context) {
        stats.fetched(result.bytes(), fetch.isFromFollower());
        for (TopicBytes sent : result.perTopic()) stats.fetchedFrom(sent.topic(), sent.bytes());
        FetchResponse response = result.response();
        if (!fetch.isFromFollower() && quotas.enabled(QuotaType.FETCH)) {
            long throttleMs = quotas.record(QuotaType.FETCH, context.principal.getName(), context.clientId(), result.bytes());
            response.data().setThrottleTimeMs((int) Math.min(throttleMs, Integer.MAX_VALUE));
        }
        return response;
    }

    /** One pass over the requested partitions; {@code perTopic}: the bytes of each topic with records for a consumer. */
    private record Result(FetchResponse response, long bytes, boolean failed, List<TopicBytes> perTopic) {
    }

    private record TopicBytes(String topic, long bytes) {
    }

    private Result read(RequestContext context, FetchRequest fetch) {
        boolean readCommitted = fetch.isolationLevel() == IsolationLevel.READ_COMMITTED;
        boolean follower = fetch.isFromFollower();
        FetchResponseData data = new FetchResponseData().setSessionId(0);
        long bytes = 0;
        boolean failed = false;
        List<TopicBytes> perTopic = new ArrayList<>(0);
        for (FetchTopic t : fetch.data().topics()) {
            long bytesBefore = bytes;
            FetchableTopicResponse topicResponse = new FetchableTopicResponse().setTopic(t.topic()).setTopicId(t.topicId());
            String name = topicName(t);
            boolean allowed = follower || name == null || auth.topic(context, AclOperation.READ, name);
            for (FetchPartition p : t.partitions()) {
                PartitionData pd = new PartitionData().setPartitionIndex(p.partition())
                        .setAbortedTransactions(readCommitted ? new ArrayList<>() : null);
                try {
                    if (name == null) throw new UnknownTopicIdException("Topic id " + t.topicId() + " does not exist.");
                    if (!allowed) throw Errors.TOPIC_AUTHORIZATION_FAILED.exception();
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    PartitionLog log = replicas.leaderLog(tp, Optional.of(p.currentLeaderEpoch()));
                    int limit = (int) Math.min(p.partitionMaxBytes(), Math.max(0, fetch.maxBytes() - bytes));
                    // A follower copies everything appended; consumers see only what every in-sync replica holds,
                    // read_committed ones only what no open transaction may still abort.
                    long lso = log.lastStableOffset();
                    long maxOffset = follower ? Long.MAX_VALUE : readCommitted ? lso : log.highWatermark();
                    if (follower) replicas.followerFetched(tp, fetch.replicaId(), p.fetchOffset());
                    // A throttled follower gets nothing this time: the log is not read at all.
                    boolean throttled = follower && replicas.leaderThrottles(tp, fetch.replicaId());
                    LogReadInfo info = throttled ? null : log.read(p.fetchOffset(), limit, maxOffset, bytes == 0);
                    Records records = throttled ? MemoryRecords.EMPTY : info.records();
                    if (follower) replicas.sentToFollower(tp, records.sizeInBytes());
                    bytes += records.sizeInBytes();
                    pd.setHighWatermark(log.highWatermark())
                            .setLastStableOffset(lso)
                            .setLogStartOffset(throttled ? log.logStartOffset() : info.logStartOffset())
                            .setRecords(records);
                    if (readCommitted && records.sizeInBytes() > 0) {
                        for (AbortedTxn txn : log.abortedTransactions(p.fetchOffset(), maxOffset)) {
                            pd.abortedTransactions().add(new FetchResponseData.AbortedTransaction()
                                    .setProducerId(txn.producerId()).setFirstOffset(txn.firstOffset()));
                        }
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "Fetch from " + name + "-" + p.partition() + " failed", e);
                    failed = true;
                    fail(pd, Errors.KAFKA_STORAGE_ERROR);
                } catch (RuntimeException e) {
                    failed = true;
                    fail(pd, Errors.forException(e));
                    if (e instanceof org.apache.kafka.common.errors.OffsetOutOfRangeException) {
                        fillOffsets(pd, name, p.partition());
                    }
                }
                topicResponse.partitions().add(pd);
            }
            data.responses().add(topicResponse);
            if (!follower && bytes > bytesBefore) perTopic.add(new TopicBytes(name, bytes - bytesBefore));
        }
        return new Result(FetchResponse.of(data), bytes, failed, perTopic);
    }

    private void fillOffsets(PartitionData pd, String topic, int partition) {
        try {
            PartitionLog log = replicas.leaderLog(new TopicPartition(topic, partition));
            pd.setHighWatermark(log.highWatermark()).setLastStableOffset(log.lastStableOffset()).setLogStartOffset(log.logStartOffset());
        } catch (RuntimeException ignored) {
            // The error code already tells the client what happened; offsets are a courtesy.
        }
    }

    private static void fail(PartitionData pd, Errors error) {
        pd.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
    }

    private String topicName(FetchTopic t) {
        if (t.topic() != null && !t.topic().isEmpty()) return t.topic();
        return cluster.topic(t.topicId()).map(TopicMetadata::name).orElse(null);
    }
}
