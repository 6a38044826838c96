package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
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
import java.util.concurrent.CompletableFuture;

/**
 * Produce: appends each partition's records to the leader log on the connection's own thread (a local file
 * write) and answers with the assigned base offsets. With acks=0 the client expects no answer at all. Errors are
 * per partition; one bad partition does not fail the others.
 */
final class ProduceHandler implements ApiHandler {

    private static final System.Logger LOG = System.getLogger(ProduceHandler.class.getName());

    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;

    ProduceHandler(ClusterMetadata cluster, ReplicaManager replicas) {
        this.cluster = cluster;
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        short acks = produce.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new InvalidRequiredAcksException("acks must be -1, 0 or 1, was " + acks);
        }
        ProduceResponseData data = new ProduceResponseData();
        for (TopicProduceData topic : produce.data().topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            String name = topicName(topic);
            for (PartitionProduceData partition : topic.partitionData()) {
                topicResponse.partitionResponses().add(append(name, topic, partition));
            }
            data.responses().add(topicResponse);
        }
        return CompletableFuture.completedFuture(acks == 0 ? null : new ProduceResponse(data));
    }

    /** The topic's name, or null when a request that names topics by id names an unknown one. */
    private String topicName(TopicProduceData topic) {
        if (topic.name() != null && !topic.name().isEmpty()) return topic.name();
        return cluster.topic(topic.topicId()).map(TopicMetadata::name).orElse(null);
    }

    private PartitionProduceResponse append(String topic, TopicProduceData topicData, PartitionProduceData partition) {
        PartitionProduceResponse response = new PartitionProduceResponse().setIndex(partition.index());
        try {
            if (topic == null) throw new UnknownTopicIdException("Topic id " + topicData.topicId() + " does not exist.");
            TopicPartition tp = new TopicPartition(topic, partition.index());
            LogAppendInfo info = replicas.appendAsLeader(tp, (MemoryRecords) partition.records());
            return response.setBaseOffset(info.firstOffset())
                    .setLogAppendTimeMs(info.logAppendTime())
                    .setLogStartOffset(info.logStartOffset());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Produce to " + topic + "-" + partition.index() + " failed", e);
            return failed(response, new KafkaStorageException("Disk error appending to " + topic + "-" + partition.index(), e));
        } catch (RuntimeException e) {
            return failed(response, e);
        }
    }

    private static PartitionProduceResponse failed(PartitionProduceResponse response, Exception e) {
        return response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage())
                .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
    }
}
