package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.OffsetCommit;
import io.partita.engine.group.TxnOffsetCommit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit, served by the group coordinator: offsets that count when the producer's transaction commits.
 * Topics are named up to v5 and identified by topic id from v6; offsets of partitions that do not exist are refused
 * (UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID) without failing the rest, and so are those of topics the principal
 * may not READ (TOPIC_AUTHORIZATION_FAILED; the transactional id and the group are checked first, {@link
 * WholeRequestChecks}). Stateless.
 */
final class TxnOffsetCommitHandler implements ApiHandler {

    private static final short PRODUCER_FENCED_SINCE = 3;

    private final GroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    TxnOffsetCommitHandler(GroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        TxnOffsetCommitRequestData data = ((TxnOffsetCommitRequest) request).data();
        short version = request.version();
        boolean byId = TxnOffsetCommitResponse.useTopicIds(version);
        Map<TopicPartition, OffsetCommit.Offset> offsets = new HashMap<>();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : data.topics()) {
            String name = byId ? topics.name(topic.topicId()) : topic.name();
            int partitionCount = name == null || !auth.topic(context, AclOperation.READ, name) ? 0 : topics.partitionCount(name);
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                if (p.partitionIndex() >= 0 && p.partitionIndex() < partitionCount) {
                    offsets.put(new TopicPartition(name, p.partitionIndex()),
                            new OffsetCommit.Offset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
                }
            }
        }
        TxnOffsetCommit commit = new TxnOffsetCommit(new OffsetCommit(data.groupId(), data.memberId(), data.groupInstanceId(),
                data.generationIdOrMemberEpoch(), offsets), data.producerId(), data.producerEpoch());
        CompletableFuture<Map<TopicPartition, Errors>> committed = offsets.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : coordinator.commitTransactionalOffsets(commit);
        return committed.thenApply(errors -> {
            TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : data.topics()) {
                String name = byId ? topics.name(topic.topicId()) : topic.name();
                Errors missing = name == null && byId ? Errors.UNKNOWN_TOPIC_ID
                        : name != null && !auth.topic(context, AclOperation.READ, name) ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic answered = new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName(topic.name()).setTopicId(topic.topicId());
                for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                    Errors error = name == null ? missing : errors.getOrDefault(new TopicPartition(name, p.partitionIndex()), missing);
                    answered.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setErrorCode(FencedErrors.forVersion(error, version, PRODUCER_FENCED_SINCE).code()));
                }
                response.topics().add(answered);
            }
            return new TxnOffsetCommitResponse(response);
        });
    }
}
