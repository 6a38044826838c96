package io.partita.engine.protocol;

import io.partita.engine.group.ShareGroupCoordinator;
import io.partita.engine.group.ShareOffsetsScope;
import io.partita.engine.sharestate.ShareState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * DescribeShareGroupOffsets v0-v1 (KIP-932; v1 adds KIP-1226's lag), answered as Kafka 4.4 does: each share
 * partition's start offset and leader epoch from its state's summary at the share coordinator, and its lag: the
 * records from the start offset up to the high watermark whose delivery is not complete. Without topics the group's
 * share partitions with state are described, those of topics the principal may DESCRIBE; an id that is no share
 * group's is answered without topics and without error. Named topics are described whatever the group: a topic the
 * principal may not DESCRIBE is answered TOPIC_AUTHORIZATION_FAILED, one that does not exist and a partition without
 * state with start offset -1. A share partition whose state cannot be read now is shown as having none, as Kafka
 * does. A group the principal may not DESCRIBE is answered GROUP_AUTHORIZATION_FAILED; one this node does not
 * coordinate NOT_COORDINATOR. Stateless; safe on any thread.
 */
record DescribeShareGroupOffsetsHandler(ShareGroupCoordinator coordinator, GroupTopics topics, ShareGroupStates states,
                                        HighWatermarks highWatermarks, RequestAuthorizer auth) implements ApiHandler {

    /** What Kafka answers for the leader epoch of a share partition without state, or whose state no leader has read. */
    private static final int NO_LEADER_EPOCH = 0;

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<CompletableFuture<DescribeShareGroupOffsetsResponseGroup>> groups = new ArrayList<>();
        for (DescribeShareGroupOffsetsRequestGroup group : ((DescribeShareGroupOffsetsRequest) request).data().groups()) {
            groups.add(describe(context, group));
        }
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(all ->
                new DescribeShareGroupOffsetsResponse(new DescribeShareGroupOffsetsResponseData()
                        .setGroups(groups.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<DescribeShareGroupOffsetsResponseGroup> describe(RequestContext context,
                                                                               DescribeShareGroupOffsetsRequestGroup asked) {
        String groupId = asked.groupId();
        if (!auth.group(context, AclOperation.DESCRIBE, groupId)) {
            return CompletableFuture.completedFuture(refused(groupId, Errors.GROUP_AUTHORIZATION_FAILED));
        }
        return coordinator.shareStatePartitions(groupId).thenCompose(scope -> {
            if (scope.error() != Errors.NONE) return CompletableFuture.completedFuture(refused(groupId, scope.error()));
            List<DescribeShareGroupOffsetsResponseTopic> hidden = new ArrayList<>();
            Map<String, Set<Integer>> described = asked.topics() == null ? visible(context, scope)
                    : named(context, asked.topics(), hidden);
            return offsets(groupId, described).thenApply(shown -> {
                shown.addAll(hidden);
                return new DescribeShareGroupOffsetsResponseGroup().setGroupId(groupId).setTopics(shown);
            });
        });
    }

    private static DescribeShareGroupOffsetsResponseGroup refused(String groupId, Errors error) {
        return new DescribeShareGroupOffsetsResponseGroup().setGroupId(groupId).setErrorCode(error.code())
                .setErrorMessage(error.message());
    }

    /** The group's share partitions with state, of the existing topics the principal may DESCRIBE, by topic. */
    private Map<String, Set<Integer>> visible(RequestContext context, ShareOffsetsScope scope) {
        Map<String, Set<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : scope.statePartitions()) {
            if (topics.id(tp.topic()) != null && auth.topic(context, AclOperation.DESCRIBE, tp.topic())) {
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
            }
        }
        return byTopic;
    }

    /** The named topics the principal may DESCRIBE, by topic; the others answered into {@code hidden}. */
    private Map<String, Set<Integer>> named(RequestContext context, List<DescribeShareGroupOffsetsRequestTopic> asked,
                                            List<DescribeShareGroupOffsetsResponseTopic> hidden) {
        Map<String, Set<Integer>> byTopic = new LinkedHashMap<>();
        for (DescribeShareGroupOffsetsRequestTopic topic : asked) {
            if (auth.topic(context, AclOperation.DESCRIBE, topic.topicName())) {
                byTopic.computeIfAbsent(topic.topicName(), t -> new TreeSet<>()).addAll(topic.partitions());
            } else {
                hidden.add(new DescribeShareGroupOffsetsResponseTopic().setTopicName(topic.topicName()).setTopicId(Uuid.ZERO_UUID)
                        .setPartitions(topic.partitions().stream().map(p -> new DescribeShareGroupOffsetsResponsePartition()
                                .setPartitionIndex(p).setStartOffset(-1)
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                                .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message())).toList()));
            }
        }
        return byTopic;
    }

    /** Each share partition's summary, then the high watermarks of those with a lag to count. */
    private CompletableFuture<List<DescribeShareGroupOffsetsResponseTopic>> offsets(String groupId,
                                                                                     Map<String, Set<Integer>> described) {
        Map<TopicPartition, CompletableFuture<ShareState>> summaries = new LinkedHashMap<>();
        described.forEach((topic, partitions) -> partitions.forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p);
            // as Kafka, a state that cannot be read now is shown as none rather than as an error
            summaries.put(tp, states.summary(groupId, tp).exceptionally(unreadable -> ShareState.uninitialized()));
        }));
        return CompletableFuture.allOf(summaries.values().toArray(CompletableFuture[]::new)).thenCompose(all -> {
            Set<TopicPartition> lagging = summaries.entrySet().stream().filter(e -> hasLag(e.getValue().join()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            return highWatermarks.of(lagging).thenApply(ends -> {
                List<DescribeShareGroupOffsetsResponseTopic> shown = new ArrayList<>();
                described.forEach((topic, partitions) -> {
                    Uuid id = topics.id(topic);
                    shown.add(new DescribeShareGroupOffsetsResponseTopic().setTopicName(topic)
                            .setTopicId(id == null ? Uuid.ZERO_UUID : id)
                            .setPartitions(partitions.stream().map(p -> {
                                TopicPartition tp = new TopicPartition(topic, p);
                                return partition(p, summaries.get(tp).join(), ends.get(tp));
                            }).toList()));
                });
                return shown;
            });
        });
    }

    /** Whether the share partition's state says enough to count a lag (KIP-1226): a start offset and a delivered count. */
    private static boolean hasLag(ShareState state) {
        return state.startOffset() != -1 && state.deliveryCompleteCount() != -1;
    }

    private static DescribeShareGroupOffsetsResponsePartition partition(int partition, ShareState state, Long highWatermark) {
        DescribeShareGroupOffsetsResponsePartition described = new DescribeShareGroupOffsetsResponsePartition()
                .setPartitionIndex(partition).setStartOffset(state.startOffset())
                .setLeaderEpoch(state.leaderEpoch() == ShareState.NO_EPOCH ? NO_LEADER_EPOCH : state.leaderEpoch());
        if (hasLag(state) && highWatermark != null) {
            described.setLag(highWatermark - state.startOffset() - state.deliveryCompleteCount());
        }
        return described;
    }
}
