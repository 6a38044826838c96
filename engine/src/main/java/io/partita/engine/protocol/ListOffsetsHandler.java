package io.partita.engine.protocol;

import io.partita.engine.log.PartitionLog;
import io.partita.engine.log.TimestampAndOffset;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: the earliest offset, the latest (the high watermark; the last stable offset for read_committed), the
 * offset of the largest timestamp, or the first offset at or after a timestamp (found through the time index).
 * Partitions of a topic the principal may not DESCRIBE are answered TOPIC_AUTHORIZATION_FAILED.
 */
final class ListOffsetsHandler implements ApiHandler {

    /** The first version whose answer carries the leader epoch of the offset; older ones cannot encode it. */
    private static final short LEADER_EPOCH_SINCE = 4;

    private final ReplicaManager replicas;
    private final RequestAuthorizer auth;

    ListOffsetsHandler(ReplicaManager replicas, RequestAuthorizer auth) {
        this.auth = auth;
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListOffsetsRequest r = (ListOffsetsRequest) request;
        ListOffsetsResponseData data = new ListOffsetsResponseData();
        boolean readCommitted = r.isolationLevel() == IsolationLevel.READ_COMMITTED;
        boolean withLeaderEpoch = r.version() >= LEADER_EPOCH_SINCE;
        for (ListOffsetsTopic t : r.topics()) {
            ListOffsetsTopicResponse topic = new ListOffsetsTopicResponse().setName(t.name());
            boolean allowed = auth.topic(context, AclOperation.DESCRIBE, t.name());
            for (ListOffsetsPartition p : t.partitions()) {
                if (!allowed) {
                    topic.partitions().add(failed(new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex()),
                            Errors.TOPIC_AUTHORIZATION_FAILED.exception()));
                    continue;
                }
                topic.partitions().add(lookup(new TopicPartition(t.name(), p.partitionIndex()), p.timestamp(), readCommitted,
                        withLeaderEpoch));
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(data));
    }

    private ListOffsetsPartitionResponse lookup(TopicPartition tp, long timestamp, boolean readCommitted, boolean withLeaderEpoch) {
        ListOffsetsPartitionResponse response = new ListOffsetsPartitionResponse().setPartitionIndex(tp.partition());
        try {
            PartitionLog log = replicas.leaderLog(tp);
            Optional<TimestampAndOffset> found;
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                found = Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, log.logStartOffset(), -1));
            } else if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP || timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
                long latest = readCommitted ? log.lastStableOffset() : log.highWatermark();
                found = Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, latest, -1));
            } else if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
                found = log.maxTimestampAndOffset();
            } else if (timestamp < 0) {
                found = Optional.empty();
            } else {
                found = log.offsetForTimestamp(timestamp);
            }
            TimestampAndOffset answer = found.orElse(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, -1, -1));
            response.setTimestamp(answer.timestamp()).setOffset(answer.offset());
            return withLeaderEpoch ? response.setLeaderEpoch(answer.leaderEpoch()) : response;
        } catch (IOException e) {
            return failed(response, new KafkaStorageException("Disk error reading " + tp, e));
        } catch (RuntimeException e) {
            return failed(response, e);
        }
    }

    private static ListOffsetsPartitionResponse failed(ListOffsetsPartitionResponse response, Exception e) {
        return response.setErrorCode(Errors.forException(e).code()).setTimestamp(-1).setOffset(-1);
    }
}
