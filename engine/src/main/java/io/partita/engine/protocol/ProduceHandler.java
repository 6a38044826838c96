package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: appends each partition's records to the leader log on the connection's own thread (a local file
 * write) and answers with the assigned base offsets. A partition this node has just become leader of is appended
 * to once its log is open ({@link ReplicaManager#leadersReady}), on the thread that opened it. With acks=0 the
 * client expects no answer at all. Errors are per partition; one bad partition does not fail the others.
 *
 * <p>acks=all (-1) is refused before the append with NOT_ENOUGH_REPLICAS when the ISR is smaller than {@code
 * min.insync.replicas}; after the append the answer waits until every in-sync replica holds the records
 * ({@link ReplicaManager#awaitReplicated}), failing with NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below
 * the minimum meanwhile and REQUEST_TIMED_OUT after the request's timeout. The connection serves its next request
 * only after this answer, as Kafka clients expect.
 *
 * <p>A topic the principal may not WRITE is answered TOPIC_AUTHORIZATION_FAILED for each of its partitions, nothing
 * appended; the transactional id is checked before, for the whole request ({@link WholeRequestChecks}).
 *
 * <p>Records appended (not retried duplicates) count in the node's {@link BrokerStats} as records and bytes in.
 */
final class ProduceHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final BrokerStats stats;
    private final RequestAuthorizer auth;

    ProduceHandler(ClusterMetadata cluster, ReplicaManager replicas, BrokerStats stats, RequestAuthorizer auth) {
        this.auth = auth;
        this.cluster = cluster;
        this.replicas = replicas;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        short acks = produce.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new InvalidRequiredAcksException("acks must be -1, 0 or 1, was " + acks);
        }
        CompletableFuture<Void> leading = replicas.leadersReady(partitionsOf(produce));
        if (leading.isDone()) return appendAll(context, produce, acks);
        return leading.thenCompose(ready -> appendAll(context, produce, acks));
    }

    private List<TopicPartition> partitionsOf(ProduceRequest produce) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            String name = topicName(topic);
            if (name != null) topic.partitionData().forEach(p -> partitions.add(new TopicPartition(name, p.index())));
        }
        return partitions;
    }

    private CompletableFuture<AbstractResponse> appendAll(RequestContext context, ProduceRequest produce, short acks) {
        boolean all = acks == -1;
        ProduceResponseData data = new ProduceResponseData();
        List<CompletableFuture<Void>> replication = new ArrayList<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            String name = topicName(topic);
            boolean allowed = name == null || auth.topic(context, AclOperation.WRITE, name);
            for (PartitionProduceData partition : topic.partitionData()) {
                PartitionProduceResponse response = new PartitionProduceResponse().setIndex(partition.index());
                topicResponse.partitionResponses().add(response);
                if (!allowed) {
                    failed(response, Errors.TOPIC_AUTHORIZATION_FAILED.exception());
                    continue;
                }
                LogAppendInfo info = append(name, topic, partition, all, response);
                if (all && info != null && info.lastOffset() >= 0) {
                    replication.add(awaitReplicas(new TopicPartition(name, partition.index()), info.lastOffset() + 1,
                            produce.timeout(), response));
                }
            }
            data.responses().add(topicResponse);
        }
        if (acks == 0) return CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(replication.toArray(CompletableFuture[]::new)).thenApply(done -> new ProduceResponse(data));
    }

    private CompletableFuture<Void> awaitReplicas(TopicPartition tp, long requiredOffset, int timeoutMs, PartitionProduceResponse response) {
        try {
            return replicas.awaitReplicated(tp, requiredOffset, timeoutMs).handle((ok, failure) -> {
                if (failure != null) failed(response, CompletionFailures.cause(failure));
                return null;
            });
        } catch (RuntimeException e) {
            failed(response, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The topic's name, or null when a request that names topics by id names an unknown one. */
    private String topicName(TopicProduceData topic) {
        if (topic.name() != null && !topic.name().isEmpty()) return topic.name();
        return cluster.topic(topic.topicId()).map(TopicMetadata::name).orElse(null);
    }

    /** Appends one partition's records, filling in its answer; returns what was appended, or null on an error. */
    private LogAppendInfo append(String topic, TopicProduceData topicData, PartitionProduceData partition, boolean acksAll,
                                 PartitionProduceResponse response) {
        try {
            if (topic == null) throw new UnknownTopicIdException("Topic id " + topicData.topicId() + " does not exist.");
            TopicPartition tp = new TopicPartition(topic, partition.index());
            if (acksAll) replicas.ensureEnoughReplicas(tp);
            MemoryRecords records = (MemoryRecords) partition.records();
            LogAppendInfo info = replicas.appendAsLeader(tp, records);
            if (!info.duplicate()) stats.produced(topic, info.recordCount(), records.sizeInBytes());
            response.setBaseOffset(info.firstOffset())
                    .setLogAppendTimeMs(info.logAppendTime())
                    .setLogStartOffset(info.logStartOffset());
            return info;
        } catch (IOException e) {
            // The log logged its failure (once, as it went offline) and answers every later append with KafkaStorageException.
            failed(response, new KafkaStorageException("Disk error appending to " + topic + "-" + partition.index(), e));
        } catch (RuntimeException e) {
            failed(response, e);
        }
        return null;
    }

    private static void failed(PartitionProduceResponse response, Throwable e) {
        response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage())
                .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
    }
}
