package io.partita.engine.protocol;

import io.partita.engine.group.CommittedOffset;
import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch v1+: one group before v8, several from v8; topics named up to v9, identified by topic id from v10;
 * a null topic list asks for every committed offset of the group. Partitions without a committed offset answer
 * offset -1; a topic id this node does not know answers UNKNOWN_TOPIC_ID. A member of a consumer-protocol group naming
 * itself (v9+) must name its current epoch (else STALE_MEMBER_EPOCH or UNKNOWN_MEMBER_ID for the group). A group the
 * principal may not DESCRIBE is answered GROUP_AUTHORIZATION_FAILED; topics it may not DESCRIBE are answered
 * TOPIC_AUTHORIZATION_FAILED when named and left out of a request for every offset. Stateless; safe on any thread.
 */
final class GroupOffsetFetchHandler implements ApiHandler {

    private static final short MULTI_GROUP_VERSION = 8;
    private static final short TOP_LEVEL_ERROR_VERSION = 2;

    private final GroupCoordinator coordinator;
    private final GroupTopics topicLookup;
    private final RequestAuthorizer auth;

    GroupOffsetFetchHandler(GroupCoordinator coordinator, GroupTopics topicLookup, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topicLookup = topicLookup;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetFetchRequest fetch = (OffsetFetchRequest) request;
        short version = request.version();
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<CompletableFuture<OffsetFetchResponseGroup>> answers = fetch.groups().stream()
                .map(group -> fetchGroup(context, group, byId)).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<OffsetFetchResponseGroup> groups = answers.stream().map(CompletableFuture::join).toList();
            return new OffsetFetchResponse(version >= MULTI_GROUP_VERSION
                    ? new OffsetFetchResponseData().setGroups(groups)
                    : singleGroupForm(groups.get(0), version), version);
        });
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetchGroup(RequestContext context, OffsetFetchRequestGroup group, boolean byId) {
        if (!auth.group(context, AclOperation.DESCRIBE, group.groupId())) {
            return CompletableFuture.completedFuture(new OffsetFetchResponseGroup().setGroupId(group.groupId())
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        CompletableFuture<OffsetFetchResponseGroup> answer;
        if (OffsetFetchRequest.requestAllOffsets(group)) {
            answer = coordinator.fetchOffsets(group.groupId(), group.memberId(), group.memberEpoch(), null)
                    .thenApply(offsets -> allOffsets(context, offsets, byId));
        } else {
            List<TopicPartition> wanted = new ArrayList<>();
            for (OffsetFetchRequestTopics topic : group.topics()) {
                String name = byId ? topicLookup.name(topic.topicId()) : topic.name();
                if (name != null) {
                    topic.partitionIndexes().forEach(p -> wanted.add(new TopicPartition(name, p)));
                }
            }
            answer = coordinator.fetchOffsets(group.groupId(), group.memberId(), group.memberEpoch(), wanted)
                    .thenApply(offsets -> requestedOffsets(context, group.topics(), offsets, byId));
        }
        return answer.handle((response, failure) -> failure == null
                ? response.setGroupId(group.groupId())
                : new OffsetFetchResponseGroup().setGroupId(group.groupId())
                        .setErrorCode(Errors.forException(failure).code()));
    }

    private OffsetFetchResponseGroup requestedOffsets(RequestContext context, List<OffsetFetchRequestTopics> topics,
                                                      Map<TopicPartition, CommittedOffset> offsets, boolean byId) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup();
        for (OffsetFetchRequestTopics topic : topics) {
            String name = byId ? topicLookup.name(topic.topicId()) : topic.name();
            OffsetFetchResponseTopics answered = new OffsetFetchResponseTopics().setName(topic.name()).setTopicId(topic.topicId());
            boolean allowed = name == null || auth.topic(context, AclOperation.DESCRIBE, name);
            for (int partition : topic.partitionIndexes()) {
                OffsetFetchResponsePartitions p = name == null
                        ? noOffset(partition).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        : !allowed ? noOffset(partition).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        : offset(partition, offsets.get(new TopicPartition(name, partition)));
                answered.partitions().add(p);
            }
            group.topics().add(answered);
        }
        return group;
    }

    private OffsetFetchResponseGroup allOffsets(RequestContext context, Map<TopicPartition, CommittedOffset> offsets, boolean byId) {
        Map<String, OffsetFetchResponseTopics> topics = new TreeMap<>();
        offsets.forEach((tp, offset) -> {
            Uuid id = byId ? topicLookup.id(tp.topic()) : Uuid.ZERO_UUID;
            if (id != null && auth.topic(context, AclOperation.DESCRIBE, tp.topic())) {
                topics.computeIfAbsent(tp.topic(), name -> new OffsetFetchResponseTopics().setName(name).setTopicId(id))
                        .partitions().add(offset(tp.partition(), offset));
            }
        });
        return new OffsetFetchResponseGroup().setTopics(new ArrayList<>(topics.values()));
    }

    private static OffsetFetchResponsePartitions offset(int partition, CommittedOffset offset) {
        if (offset == null) {
            return noOffset(partition);
        }
        return new OffsetFetchResponsePartitions().setPartitionIndex(partition)
                .setCommittedOffset(offset.offset())
                .setCommittedLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata());
    }

    private static OffsetFetchResponsePartitions noOffset(int partition) {
        return new OffsetFetchResponsePartitions().setPartitionIndex(partition)
                .setCommittedOffset(OffsetFetchResponse.INVALID_OFFSET)
                .setCommittedLeaderEpoch(CommittedOffset.NO_LEADER_EPOCH)
                .setMetadata(OffsetFetchResponse.NO_METADATA);
    }

    /** Before v8 the one group's topics and error sit at the top level of the response. */
    private static OffsetFetchResponseData singleGroupForm(OffsetFetchResponseGroup group, short version) {
        OffsetFetchResponseData data = new OffsetFetchResponseData();
        if (version >= TOP_LEVEL_ERROR_VERSION) {
            data.setErrorCode(group.errorCode());
        }
        for (OffsetFetchResponseTopics topic : group.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic answered = new OffsetFetchResponseData.OffsetFetchResponseTopic()
                    .setName(topic.name());
            for (OffsetFetchResponsePartitions p : topic.partitions()) {
                answered.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(p.errorCode()));
            }
            data.topics().add(answered);
        }
        return data;
    }
}
