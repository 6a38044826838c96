package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.OffsetCommit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
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
import java.util.function.Function;

/**
 * OffsetCommit v2+: topics are named up to v9 and identified by topic id from v10. Partitions of topics this
 * node does not know are refused (UNKNOWN_TOPIC_OR_PARTITION, or UNKNOWN_TOPIC_ID) without failing the rest.
 * Stateless; safe on any thread.
 */
final class GroupOffsetCommitHandler implements ApiHandler {

    /** From this version a commit to a group the coordinator does not know is answered GROUP_ID_NOT_FOUND. */
    private static final short GROUP_ID_NOT_FOUND_VERSION = 9;

    private final GroupCoordinator coordinator;
    private final Function<Uuid, String> topicNames;
    private final Function<String, Uuid> topicIds;

    GroupOffsetCommitHandler(GroupCoordinator coordinator, Function<Uuid, String> topicNames,
                             Function<String, Uuid> topicIds) {
        this.coordinator = coordinator;
        this.topicNames = topicNames;
        this.topicIds = topicIds;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetCommitRequestData data = ((OffsetCommitRequest) request).data();
        short version = request.version();
        boolean byId = OffsetCommitResponse.useTopicIds(version);
        List<ResolvedTopic> topics = new ArrayList<>(data.topics().size());
        Map<TopicPartition, OffsetCommit.Offset> offsets = new HashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            ResolvedTopic resolved = resolve(topic, byId);
            topics.add(resolved);
            if (resolved.error == Errors.NONE) {
                topic.partitions().forEach(p -> offsets.put(new TopicPartition(resolved.name, p.partitionIndex()),
                        new OffsetCommit.Offset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata())));
            }
        }
        OffsetCommit commit = new OffsetCommit(data.groupId(), data.memberId(), data.groupInstanceId(),
                data.generationIdOrMemberEpoch(), offsets);
        return coordinator.commitOffsets(commit).thenApply(errors -> {
            OffsetCommitResponseData response = new OffsetCommitResponseData();
            for (ResolvedTopic topic : topics) {
                OffsetCommitResponseData.OffsetCommitResponseTopic answered = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                        .setName(topic.request.name()).setTopicId(topic.request.topicId());
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.request.partitions()) {
                    Errors error = topic.error != Errors.NONE
                            ? topic.error
                            : forVersion(errors.get(new TopicPartition(topic.name, p.partitionIndex())), version);
                    answered.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
                }
                response.topics().add(answered);
            }
            return new OffsetCommitResponse(response);
        });
    }

    private ResolvedTopic resolve(OffsetCommitRequestData.OffsetCommitRequestTopic topic, boolean byId) {
        if (byId) {
            String name = topicNames.apply(topic.topicId());
            return new ResolvedTopic(topic, name, name == null ? Errors.UNKNOWN_TOPIC_ID : Errors.NONE);
        }
        boolean known = topicIds.apply(topic.name()) != null;
        return new ResolvedTopic(topic, topic.name(), known ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static Errors forVersion(Errors error, short version) {
        return error == Errors.GROUP_ID_NOT_FOUND && version < GROUP_ID_NOT_FOUND_VERSION ? Errors.ILLEGAL_GENERATION : error;
    }

    private record ResolvedTopic(OffsetCommitRequestData.OffsetCommitRequestTopic request, String name, Errors error) {
    }
}
