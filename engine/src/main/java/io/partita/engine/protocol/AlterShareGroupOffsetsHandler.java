package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.group.ShareGroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AlterShareGroupOffsets v0 (KIP-932; {@code kafka-share-groups.sh --reset-offsets}): sets each named share partition's
 * state anew at the requested start offset, nothing delivered, under a new state epoch (so a partition leader that
 * still holds the old state reads it again), and records the share partitions with the group, creating a group that
 * does not exist, as Kafka 4.4 does. The group must be empty (NON_EMPTY_GROUP) and no other kind's
 * (GROUP_ID_NOT_FOUND), answered for the whole request. Per partition: a topic the principal may not READ is
 * TOPIC_AUTHORIZATION_FAILED, a topic or partition that does not exist UNKNOWN_TOPIC_OR_PARTITION, a start offset
 * below -1 INVALID_REQUEST (Kafka 4.4 stores it), a state the share coordinator did not set its error. READ on the
 * group is checked before ({@link WholeRequestChecks}). Stateless; safe on any thread.
 */
record AlterShareGroupOffsetsHandler(ShareGroupCoordinator coordinator, GroupTopics topics, ShareGroupStates states,
                                     RequestAuthorizer auth) implements ApiHandler {

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterShareGroupOffsetsRequest alter = (AlterShareGroupOffsetsRequest) request;
        AlterShareGroupOffsetsRequestData data = alter.data();
        List<AlterShareGroupOffsetsResponseTopic> answered = new ArrayList<>();
        Map<TopicPartition, AlterShareGroupOffsetsResponsePartition> wanted = new LinkedHashMap<>();
        Map<TopicPartition, Long> startOffsets = new LinkedHashMap<>();
        for (AlterShareGroupOffsetsRequestTopic topic : data.topics()) {
            boolean allowed = auth.topic(context, AclOperation.READ, topic.topicName());
            Uuid id = allowed ? topics.id(topic.topicName()) : null;
            AlterShareGroupOffsetsResponseTopic result = new AlterShareGroupOffsetsResponseTopic().setTopicName(topic.topicName())
                    .setTopicId(id == null ? Uuid.ZERO_UUID : id);
            for (AlterShareGroupOffsetsRequestPartition p : topic.partitions()) {
                AlterShareGroupOffsetsResponsePartition partition = new AlterShareGroupOffsetsResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                result.partitions().add(partition);
                if (!allowed) {
                    failed(partition, Errors.TOPIC_AUTHORIZATION_FAILED, Errors.TOPIC_AUTHORIZATION_FAILED.message());
                } else if (id == null || p.partitionIndex() < 0 || p.partitionIndex() >= topics.partitionCount(topic.topicName())) {
                    failed(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
                } else if (p.startOffset() < -1) {
                    failed(partition, Errors.INVALID_REQUEST, "Start offset " + p.startOffset() + " of " + topic.topicName()
                            + "-" + p.partitionIndex() + " is neither an offset nor -1.");
                } else {
                    TopicPartition tp = new TopicPartition(topic.topicName(), p.partitionIndex());
                    wanted.put(tp, partition);
                    startOffsets.put(tp, p.startOffset());
                }
            }
            answered.add(result);
        }
        String groupId = data.groupId();
        return coordinator.shareOffsetsAlterable(groupId).thenCompose(scope -> {
            if (scope.error() != Errors.NONE) {
                return CompletableFuture.completedFuture(alter.getErrorResponse(0, scope.error().code(), scope.message()));
            }
            List<CompletableFuture<Void>> resets = new ArrayList<>();
            Set<TopicPartition> reset = ConcurrentHashMap.newKeySet();
            startOffsets.forEach((tp, offset) -> resets.add(states.reset(groupId, tp, offset).handle((done, failure) -> {
                if (failure == null) {
                    reset.add(tp);
                } else {
                    Throwable cause = CompletionFailures.cause(failure);
                    failed(wanted.get(tp), Errors.forException(cause), cause.getMessage());
                }
                return null;
            })));
            return CompletableFuture.allOf(resets.toArray(CompletableFuture[]::new))
                    .thenCompose(all -> coordinator.shareOffsetsAltered(groupId, reset))
                    .thenApply(recorded -> recorded != Errors.NONE ? alter.getErrorResponse(0, recorded.code(), recorded.message())
                            : new AlterShareGroupOffsetsResponse(new AlterShareGroupOffsetsResponseData()
                                    .setResponses(new AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopicCollection(
                                            answered.iterator()))));
        });
    }

    private static void failed(AlterShareGroupOffsetsResponsePartition partition, Errors error, String message) {
        partition.setErrorCode(error.code()).setErrorMessage(message);
    }
}
