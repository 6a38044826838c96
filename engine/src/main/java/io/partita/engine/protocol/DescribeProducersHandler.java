package io.partita.engine.protocol;

import io.partita.engine.log.ProducerSummary;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers ({@code Admin.describeProducers}, {@code kafka-transactions.sh describe-producers}): the producers
 * a partition's leader knows (id, epoch, last sequence and timestamp, coordinator epoch, start of the open
 * transaction), from the log's producer state. A partition not led here is NOT_LEADER_OR_FOLLOWER, an unknown one
 * UNKNOWN_TOPIC_OR_PARTITION, one of a topic the principal may not READ TOPIC_AUTHORIZATION_FAILED, as Kafka answers.
 */
final class DescribeProducersHandler implements ApiHandler {

    private final ReplicaManager replicas;
    private final RequestAuthorizer auth;

    DescribeProducersHandler(ReplicaManager replicas, RequestAuthorizer auth) {
        this.auth = auth;
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeProducersResponseData data = new DescribeProducersResponseData();
        for (TopicRequest t : ((DescribeProducersRequest) request).data().topics()) {
            TopicResponse topic = new TopicResponse().setName(t.name());
            for (int partition : t.partitionIndexes()) topic.partitions().add(describe(context, new TopicPartition(t.name(), partition)));
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new DescribeProducersResponse(data));
    }

    private PartitionResponse describe(RequestContext context, TopicPartition tp) {
        PartitionResponse response = new PartitionResponse().setPartitionIndex(tp.partition());
        try {
            auth.requireTopic(context, AclOperation.READ, tp.topic());
            for (ProducerSummary p : replicas.leaderLog(tp).producers()) {
                response.activeProducers().add(new ProducerState()
                        .setProducerId(p.producerId())
                        .setProducerEpoch(p.producerEpoch())
                        .setLastSequence(p.lastSequence())
                        .setLastTimestamp(p.lastTimestamp())
                        .setCoordinatorEpoch(p.coordinatorEpoch())
                        .setCurrentTxnStartOffset(p.currentTxnStartOffset()));
            }
            return response;
        } catch (RuntimeException e) {
            return response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        }
    }
}
