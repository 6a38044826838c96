package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTopicPartitions (KIP-966), which Kafka 4's admin client prefers to Metadata for describing topics:
 * topics in name order, at most {@code responsePartitionLimit} partitions per answer, and a cursor to go on from.
 * Topics the principal may not DESCRIBE are left out of an all-topics answer and answered TOPIC_AUTHORIZATION_FAILED
 * when named; each topic described carries the operations the principal may perform on it, as Kafka's answer does.
 */
final class DescribeTopicPartitionsHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final RequestAuthorizer auth;

    DescribeTopicPartitionsHandler(ClusterMetadata cluster, RequestAuthorizer auth) {
        this.auth = auth;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeTopicPartitionsRequestData r = ((DescribeTopicPartitionsRequest) request).data();
        TreeSet<String> names = new TreeSet<>();
        boolean all = r.topics().isEmpty();
        if (all) cluster.topics().forEach(t -> names.add(t.name()));
        else r.topics().forEach(t -> names.add(t.name()));
        DescribeTopicPartitionsRequestData.Cursor cursor = r.cursor();
        if (cursor != null) names.headSet(cursor.topicName()).clear();

        Set<Integer> live = cluster.servingBrokerIds();
        DescribeTopicPartitionsResponseData data = new DescribeTopicPartitionsResponseData();
        int budget = r.responsePartitionLimit();
        for (String name : names) {
            if (!auth.topic(context, AclOperation.DESCRIBE, name)) {
                if (!all) data.topics().add(new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                continue;
            }
            TopicMetadata t = cluster.topic(name).orElse(null);
            if (t == null) {
                data.topics().add(new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                        .setErrorCode((Topic.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.INVALID_TOPIC_EXCEPTION).code()));
                continue;
            }
            int first = cursor != null && cursor.topicName().equals(name) ? cursor.partitionIndex() : 0;
            List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
            for (int i = first; i < t.partitionCount(); i++) {
                if (budget == 0) {
                    data.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name).setPartitionIndex(i));
                    break;
                }
                partitions.add(describe(LivePartition.of(t.partitions().get(i), live, cluster.offlineReplicas(name, i))));
                budget--;
            }
            data.topics().add(new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(t.topicId())
                    .setIsInternal(Topic.isInternal(name)).setPartitions(partitions)
                    .setTopicAuthorizedOperations(auth.authorizedOperations(context, ResourceType.TOPIC, name)));
            if (data.nextCursor() != null) break;
        }
        return CompletableFuture.completedFuture(new DescribeTopicPartitionsResponse(data));
    }

    private static DescribeTopicPartitionsResponsePartition describe(LivePartition lp) {
        PartitionAssignment p = lp.assignment();
        return new DescribeTopicPartitionsResponsePartition()
                .setPartitionIndex(p.partition())
                .setErrorCode(lp.error().code())
                .setLeaderId(lp.leaderId())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(p.replicas())
                .setIsrNodes(p.isr())
                .setEligibleLeaderReplicas(List.of())
                .setLastKnownElr(List.of())
                .setOfflineReplicas(lp.offlineReplicas());
    }
}
