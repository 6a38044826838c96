package io.partita.engine.protocol;

import io.partita.engine.group.GroupCoordinator;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete v0+: deletes a group's committed offsets of some partitions. Partitions of topics that do not
 * exist are answered UNKNOWN_TOPIC_OR_PARTITION, as Kafka does. Consumers' subscriptions are read with the consumer
 * protocol, so that a group keeps the offsets of topics its members subscribe to. Partitions of topics the principal
 * may not READ are answered TOPIC_AUTHORIZATION_FAILED (DELETE on the group is checked first, {@link
 * WholeRequestChecks}). Stateless; safe on any thread.
 */
final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final GroupTopics topics;
    private final RequestAuthorizer auth;

    OffsetDeleteHandler(GroupCoordinator coordinator, GroupTopics topics, RequestAuthorizer auth) {
        this.auth = auth;
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        OffsetDeleteRequestData data = ((OffsetDeleteRequest) request).data();
        Set<TopicPartition> existing = new LinkedHashSet<>();
        Set<String> refused = new HashSet<>();
        data.topics().forEach(t -> {
            if (!auth.topic(context, AclOperation.READ, t.name())) refused.add(t.name());
        });
        data.topics().forEach(t -> t.partitions().forEach(p -> {
            if (!refused.contains(t.name()) && p.partitionIndex() >= 0 && p.partitionIndex() < topics.partitionCount(t.name())) {
                existing.add(new TopicPartition(t.name(), p.partitionIndex()));
            }
        }));
        return coordinator.deleteOffsets(data.groupId(), existing, OffsetDeleteHandler::subscribedTopics).thenApply(result -> {
            OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(result.error().code());
            if (result.error() == Errors.NONE) {
                data.topics().forEach(t -> {
                    OffsetDeleteResponseTopic topic = new OffsetDeleteResponseTopic().setName(t.name());
                    t.partitions().forEach(p -> topic.partitions().add(new OffsetDeleteResponsePartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setErrorCode(refused.contains(t.name()) ? Errors.TOPIC_AUTHORIZATION_FAILED.code()
                                    : result.partitions().getOrDefault(new TopicPartition(t.name(), p.partitionIndex()),
                                    Errors.UNKNOWN_TOPIC_OR_PARTITION).code())));
                    response.topics().add(topic);
                });
            }
            return new OffsetDeleteResponse(response);
        });
    }

    /** The topics of a consumer's subscription; none when the metadata is not the consumer protocol's. */
    private static Set<String> subscribedTopics(byte[] metadata) {
        try {
            return new HashSet<>(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics());
        } catch (RuntimeException notAConsumer) {
            return Set.of();
        }
    }
}
