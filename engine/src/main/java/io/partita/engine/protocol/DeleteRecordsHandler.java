package io.partita.engine.protocol;

import io.partita.engine.log.PartitionLog;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords ({@code Admin.deleteRecords}, {@code kafka-delete-records.sh}): moves each partition's log start
 * offset up to the requested offset ({@value DeleteRecordsRequest#HIGH_WATERMARK} meaning the high watermark) and
 * answers the new low watermark. As Kafka: an offset above the high watermark or negative (other than -1) is
 * OFFSET_OUT_OF_RANGE, a topic whose {@code cleanup.policy} lacks {@code delete} is POLICY_VIOLATION, and an offset
 * below the log start leaves it where it is. One replica: the answer needs no waiting for followers. A topic the
 * principal may not DELETE is answered TOPIC_AUTHORIZATION_FAILED.
 */
final class DeleteRecordsHandler implements ApiHandler {

    private final ReplicaManager replicas;
    private final RequestAuthorizer auth;

    DeleteRecordsHandler(ReplicaManager replicas, RequestAuthorizer auth) {
        this.auth = auth;
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DeleteRecordsResponseData data = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic t : ((DeleteRecordsRequest) request).data().topics()) {
            DeleteRecordsTopicResult topic = new DeleteRecordsTopicResult().setName(t.name());
            for (DeleteRecordsPartition p : t.partitions()) {
                topic.partitions().add(delete(context, new TopicPartition(t.name(), p.partitionIndex()), p.offset()));
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponse(data));
    }

    private DeleteRecordsPartitionResult delete(RequestContext context, TopicPartition tp, long offset) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition());
        try {
            auth.requireTopic(context, AclOperation.DELETE, tp.topic());
            PartitionLog log = replicas.leaderLog(tp);
            if (!log.config().delete()) {
                throw new PolicyViolationException("Records of partition " + tp + " can not be deleted due to the configured policy");
            }
            long target = offset == DeleteRecordsRequest.HIGH_WATERMARK ? log.highWatermark() : offset;
            if (target < 0) {
                throw new OffsetOutOfRangeException("The offset " + offset + " for partition " + tp + " is not valid");
            }
            log.advanceLogStartOffset(target);
            return result.setLowWatermark(log.logStartOffset());
        } catch (IOException e) {
            return failed(result, new KafkaStorageException("Disk error deleting records of " + tp, e));
        } catch (RuntimeException e) {
            return failed(result, e);
        }
    }

    private static DeleteRecordsPartitionResult failed(DeleteRecordsPartitionResult result, Exception e) {
        return result.setErrorCode(Errors.forException(e).code()).setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK);
    }
}
