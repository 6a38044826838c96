package io.partita.engine.protocol;

import io.partita.engine.log.EpochEndOffset;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch: where a leader epoch ends in the leader's log (the start of the next epoch, or the log end
 * for the current one). A returning follower truncates there before fetching; a consumer checks after a leader
 * change that the records it read are still in the log. Served by the leader only, at the requester's epoch. A consumer
 * needs DESCRIBE on the topic (else TOPIC_AUTHORIZATION_FAILED), a follower CLUSTER_ACTION ({@link WholeRequestChecks}).
 */
final class OffsetForLeaderEpochHandler implements ApiHandler {

    private final ReplicaManager replicas;
    private final RequestAuthorizer auth;

    OffsetForLeaderEpochHandler(ReplicaManager replicas, RequestAuthorizer auth) {
        this.auth = auth;
        this.replicas = replicas;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetsForLeaderEpochRequest r = (OffsetsForLeaderEpochRequest) request;
        OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic t : r.data().topics()) {
            OffsetForLeaderTopicResult topic = new OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderPartition p : t.partitions()) {
                topic.partitions().add(lookup(context, r.replicaId() < 0, new TopicPartition(t.topic(), p.partition()), p));
            }
            data.topics().add(topic);
        }
        return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(data));
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset lookup(RequestContext context, boolean consumer, TopicPartition tp,
                                                                   OffsetForLeaderPartition p) {
        OffsetForLeaderEpochResponseData.EpochEndOffset answer = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(tp.partition());
        try {
            if (consumer) auth.requireTopic(context, AclOperation.DESCRIBE, tp.topic());
            EpochEndOffset end = replicas.leaderLog(tp, Optional.of(p.currentLeaderEpoch())).endOffsetForEpoch(p.leaderEpoch());
            return answer.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
        } catch (RuntimeException e) {
            return answer.setErrorCode(Errors.forException(e).code())
                    .setLeaderEpoch(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH)
                    .setEndOffset(OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH_OFFSET);
        }
    }
}
