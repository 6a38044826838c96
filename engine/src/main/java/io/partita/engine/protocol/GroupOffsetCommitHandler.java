package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.OffsetCommit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit v2+: topics are named up to v9 and identified by topic id from v10. Offsets of partitions that do
 * not exist are refused (UNKNOWN_TOPIC_OR_PARTITION, or UNKNOWN_TOPIC_ID for an unknown id) without failing the
 * rest, as Kafka does; so are those of topics the principal may not READ (TOPIC_AUTHORIZATION_FAILED; READ on the
 * group is checked first, {@link WholeRequestChecks}). Stateless; safe on any thread.
 */
final class GroupOffsetCommitHandler implements ApiHandler {

    /** From this version a commit to a group the coordinator does not know is answered GROUP_ID_NOT_FOUND. */
    private static final short GROUP_ID_NOT_FOUND_VERSION = 9;

    private final GroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    GroupOffsetCommitHandler(GroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetCommitRequestData data = ((OffsetCommitRequest) request).data();
        short version = request.version();
        boolean byId = OffsetCommitResponse.useTopicIds(version);
        List<ResolvedTopic> resolvedTopics = new ArrayList<>(data.topics().size());
        Map<TopicPartition, OffsetCommit.Offset> offsets = new HashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            ResolvedTopic resolved = resolve(context, topic, byId);
            resolvedTopics.add(resolved);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                if (resolved.error == Errors.NONE && p.partitionIndex() >= 0 && p.partitionIndex() < resolved.partitionCount) {
                    offsets.put(new TopicPartition(resolved.name, p.partitionIndex()),
                            new OffsetCommit.Offset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
                }
            }
        }
        OffsetCommit commit = new OffsetCommit(data.groupId(), data.memberId(), data.groupInstanceId(),
                data.generationIdOrMemberEpoch(), offsets);
        // As Kafka, a commit of nothing valid does not reach the coordinator (nor creates a group).
        CompletableFuture<Map<TopicPartition, Errors>> committed = offsets.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : coordinator.commitOffsets(commit);
        return committed.thenApply(errors -> {
            OffsetCommitResponseData response = new OffsetCommitResponseData();
            for (ResolvedTopic topic : resolvedTopics) {
                OffsetCommitResponseData.OffsetCommitResponseTopic answered = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                        .setName(topic.request.name()).setTopicId(topic.request.topicId());
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.request.partitions()) {
                    Errors error = topic.error != Errors.NONE
                            ? topic.error
                            : forVersion(errors.getOrDefault(new TopicPartition(topic.name, p.partitionIndex()),
                                    Errors.UNKNOWN_TOPIC_OR_PARTITION), version);
                    answered.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
                }
                response.topics().add(answered);
            }
            return new OffsetCommitResponse(response);
        });
    }

    private ResolvedTopic resolve(RequestContext context, OffsetCommitRequestData.OffsetCommitRequestTopic topic, boolean byId) {
        String name = byId ? topics.name(topic.topicId()) : topic.name();
        if (name == null) {
            return new ResolvedTopic(topic, null, 0, Errors.UNKNOWN_TOPIC_ID);
        }
        if (!auth.topic(context, AclOperation.READ, name)) return new ResolvedTopic(topic, name, 0, Errors.TOPIC_AUTHORIZATION_FAILED);
        int partitionCount = topics.partitionCount(name);
        return new ResolvedTopic(topic, name, partitionCount, partitionCount > 0 ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static Errors forVersion(Errors error, short version) {
        return error == Errors.GROUP_ID_NOT_FOUND && version < GROUP_ID_NOT_FOUND_VERSION ? Errors.ILLEGAL_GENERATION : error;
    }

    private record ResolvedTopic(OffsetCommitRequestData.OffsetCommitRequestTopic request, String name, int partitionCount,
                                 Errors error) {
    }
}
