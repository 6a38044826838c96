package io.partita.engine.protocol;

import io.partita.engine.group.ShareGroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * DeleteShareGroupOffsets v0 (KIP-932; {@code kafka-share-groups.sh --delete-offsets}): deletes the state of a share
 * group's share partitions of the named topics at their share coordinators, then forgets them in the group, as
 * Kafka 4.4 does. The group must exist (GROUP_ID_NOT_FOUND, also for another kind's id) and be empty (NON_EMPTY_GROUP),
 * answered for the whole request. Per topic: one the principal may not READ is TOPIC_AUTHORIZATION_FAILED, one that
 * does not exist or of which the group has no state UNKNOWN_TOPIC_OR_PARTITION, with Kafka's messages; a topic whose
 * state was not all deleted keeps its place in the group, so the request can be repeated. DELETE on the group is
 * checked before ({@link WholeRequestChecks}). Stateless; safe on any thread.
 */
record DeleteShareGroupOffsetsHandler(ShareGroupCoordinator coordinator, GroupTopics topics, ShareGroupStates states,
                                      RequestAuthorizer auth) implements ApiHandler {

    private static final String NO_OFFSETS = "There is no offset information to delete.";

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DeleteShareGroupOffsetsRequest delete = (DeleteShareGroupOffsetsRequest) request;
        DeleteShareGroupOffsetsRequestData data = delete.data();
        String groupId = data.groupId();
        Set<String> named = new LinkedHashSet<>();
        data.topics().forEach(t -> named.add(t.topicName()));
        return coordinator.shareOffsetsDeletable(groupId).thenCompose(scope -> {
            if (scope.error() != Errors.NONE) {
                return CompletableFuture.completedFuture(delete.getErrorResponse(0, scope.error().code(), scope.message()));
            }
            Map<String, DeleteShareGroupOffsetsResponseTopic> results = new LinkedHashMap<>();
            List<TopicPartition> deletable = new ArrayList<>();
            for (String topic : named) {
                Set<TopicPartition> withState = scope.statePartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .collect(Collectors.toSet());
                if (!auth.topic(context, AclOperation.READ, topic)) {
                    results.put(topic, failed(topic, Errors.TOPIC_AUTHORIZATION_FAILED, Errors.TOPIC_AUTHORIZATION_FAILED.message()));
                } else if (topics.id(topic) == null) {
                    results.put(topic, failed(topic, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.UNKNOWN_TOPIC_OR_PARTITION.message()));
                } else if (withState.isEmpty()) {
                    results.put(topic, failed(topic, Errors.UNKNOWN_TOPIC_OR_PARTITION, NO_OFFSETS));
                } else {
                    deletable.addAll(withState);
                }
            }
            return states.delete(groupId, deletable).thenCompose(byTopic -> {
                Set<String> deleted = new LinkedHashSet<>();
                byTopic.forEach((topic, error) -> {
                    if (error == Errors.NONE) {
                        deleted.add(topic);
                    } else {
                        results.put(topic, failed(topic, error, error.message()).setTopicId(topicId(topic)));
                    }
                });
                return coordinator.shareOffsetsDeleted(groupId, deleted).thenApply(forgotten -> {
                    if (forgotten != Errors.NONE) return delete.getErrorResponse(0, forgotten.code(), forgotten.message());
                    deleted.forEach(topic -> results.put(topic, new DeleteShareGroupOffsetsResponseTopic().setTopicName(topic)
                            .setTopicId(topicId(topic))));
                    return new DeleteShareGroupOffsetsResponse(new DeleteShareGroupOffsetsResponseData().setResponses(
                            named.stream().map(results::get).toList()));
                });
            });
        });
    }

    private Uuid topicId(String topic) {
        Uuid id = topics.id(topic);
        return id == null ? Uuid.ZERO_UUID : id;
    }

    private static DeleteShareGroupOffsetsResponseTopic failed(String topic, Errors error, String message) {
        return new DeleteShareGroupOffsetsResponseTopic().setTopicName(topic).setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(error.code()).setErrorMessage(message);
    }
}
