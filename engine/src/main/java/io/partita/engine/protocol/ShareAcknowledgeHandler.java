package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.share.SharePartitions;
import io.partita.engine.share.ShareSessionException;
import io.partita.engine.share.ShareSessions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.ShareAcknowledgeRequest;
import org.apache.kafka.common.requests.ShareAcknowledgeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ShareAcknowledge (KIP-932), served by the leader of the acknowledged partitions: moves the member's share session
 * on by the request's epoch (an open session's next; -1 closes it after the acknowledgements, releasing what the
 * member still holds; 0 is refused, a session is opened by a ShareFetch) and applies the acknowledgements.
 *
 * <p>Stateless itself; safe on any thread.
 */
final class ShareAcknowledgeHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final SharePartitions shares;
    private final RequestAuthorizer auth;

    ShareAcknowledgeHandler(ClusterMetadata cluster, SharePartitions shares, RequestAuthorizer auth) {
        this.cluster = cluster;
        this.shares = shares;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ShareAcknowledgeRequestData data = ((ShareAcknowledgeRequest) request).data();
        String group = data.groupId();
        String member = data.memberId();
        if (group == null || group.isEmpty() || member == null || member.isEmpty()) {
            return failed(Errors.INVALID_REQUEST, "A share acknowledgement needs a group id and a member id");
        }
        if (!auth.group(context, AclOperation.READ, group)) return failed(Errors.GROUP_AUTHORIZATION_FAILED, null);
        ShareSessions sessions = shares.sessions();
        ShareSessions.Ended ended = null;
        try {
            if (data.shareSessionEpoch() == 0) {
                return failed(Errors.INVALID_SHARE_SESSION_EPOCH, "A share session is opened by a share fetch");
            } else if (data.shareSessionEpoch() == -1) {
                ended = sessions.close(group, member);
            } else {
                sessions.advance(group, member, data.shareSessionEpoch(), Set.of(), Set.of(), context.connectionId,
                        shares.now());
            }
        } catch (ShareSessionException e) {
            return failed(Errors.valueOf(e.reason().name()), e.getMessage());
        }
        ShareAcknowledgeResponseData response = new ShareAcknowledgeResponseData()
                .setAcquisitionLockTimeoutMs((int) Math.min(Integer.MAX_VALUE, shares.config(group).lockDurationMs()));
        List<CompletableFuture<Errors>> outcomes = new ArrayList<>();
        for (ShareAcknowledgeRequestData.AcknowledgeTopic topic : data.topics()) {
            String name = cluster.topic(topic.topicId()).map(TopicMetadata::name).orElse(null);
            ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse answered =
                    new ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse().setTopicId(topic.topicId());
            for (ShareAcknowledgeRequestData.AcknowledgePartition p : topic.partitions()) {
                CompletableFuture<Errors> outcome;
                if (name == null) {
                    outcome = CompletableFuture.completedFuture(Errors.UNKNOWN_TOPIC_ID);
                } else if (!auth.topic(context, AclOperation.READ, name)) {
                    outcome = CompletableFuture.completedFuture(Errors.TOPIC_AUTHORIZATION_FAILED);
                } else {
                    List<ShareAcknowledgements.Batch> batches = new ArrayList<>();
                    for (ShareAcknowledgeRequestData.AcknowledgementBatch b : p.acknowledgementBatches()) {
                        batches.add(new ShareAcknowledgements.Batch(b.firstOffset(), b.lastOffset(), b.acknowledgeTypes()));
                    }
                    outcome = ShareAcknowledgements.apply(shares, group, member, new TopicPartition(name, p.partitionIndex()), batches);
                }
                ShareAcknowledgeResponseData.PartitionData result = ShareAcknowledgeResponse.partitionResponse(p.partitionIndex(), Errors.NONE);
                answered.partitions().add(result);
                outcomes.add(outcome.thenApply(error -> {
                    result.setErrorCode(error.code());
                    return error;
                }));
            }
            response.responses().add(answered);
        }
        // The session's records go back only after its acknowledgements were applied (and are being written).
        shares.release(ended);
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(all -> new ShareAcknowledgeResponse(response));
    }

    private static CompletableFuture<AbstractResponse> failed(Errors error, String message) {
        return CompletableFuture.completedFuture(new ShareAcknowledgeResponse(new ShareAcknowledgeResponseData()
                .setErrorCode(error.code()).setErrorMessage(message)));
    }
}
