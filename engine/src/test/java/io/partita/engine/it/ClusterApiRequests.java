package io.partita.engine.it;

import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitionsCollection;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.UnregisterBrokerRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Map;

/** Requests about the cluster and its replicas: versions, metadata, log dirs, leader elections, reassignments. */
final class ClusterApiRequests {

    private static final int UNKNOWN_BROKER = 999;

    private ClusterApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.API_VERSIONS, ApiRequests.of((f, v) -> new ApiVersionsRequestData()
                        .setClientSoftwareName("partita-it").setClientSoftwareVersion("1.0")),
                ApiKeys.METADATA, ApiRequests.of((f, v) -> new MetadataRequestData()
                        .setTopics(List.of(new MetadataRequestTopic().setName(f.topic)))
                        .setAllowAutoTopicCreation(v < 4) // before v4 it is always true
                        .setIncludeClusterAuthorizedOperations(v >= 8 && v <= 10)
                        .setIncludeTopicAuthorizedOperations(v >= 8)),
                ApiKeys.DESCRIBE_CLUSTER, ApiRequests.of((f, v) -> new DescribeClusterRequestData()
                        .setIncludeClusterAuthorizedOperations(true).setIncludeFencedBrokers(v >= 2)),
                ApiKeys.DESCRIBE_TOPIC_PARTITIONS, ApiRequests.of((f, v) -> new DescribeTopicPartitionsRequestData()
                        .setTopics(List.of(new TopicRequest().setName(f.topic)))
                        .setResponsePartitionLimit(2)), // fewer than the topic has, so that the answer carries a cursor
                ApiKeys.ELECT_LEADERS, ApiRequests.of((f, v) -> new ElectLeadersRequestData()
                        .setTopicPartitions(new TopicPartitionsCollection(List.of(
                                new TopicPartitions().setTopic(f.topic).setPartitions(List.of(0, 1, 2))).iterator()))
                        .setTimeoutMs(10_000), Errors.ELECTION_NOT_NEEDED),
                ApiKeys.UNREGISTER_BROKER, ApiRequests.of((f, v) -> new UnregisterBrokerRequestData()
                        .setBrokerId(UNKNOWN_BROKER), Errors.BROKER_ID_NOT_REGISTERED),
                ApiKeys.DESCRIBE_LOG_DIRS, ApiRequests.of((f, v) -> new DescribeLogDirsRequestData()
                        .setTopics(new DescribableLogDirTopicCollection(List.of(
                                new DescribableLogDirTopic().setTopic(f.topic).setPartitions(List.of(0, 1, 2))).iterator()))),
                ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ApiRequests.of((f, v) -> new AlterPartitionReassignmentsRequestData()
                        .setTopics(List.of(new ReassignableTopic().setName(f.emptyTopic("reassigned")).setPartitions(List.of(
                                new ReassignablePartition().setPartitionIndex(0).setReplicas(List.of(f.broker.nodeId()))))))),
                ApiKeys.LIST_PARTITION_REASSIGNMENTS, ApiRequests.of((f, v) -> new ListPartitionReassignmentsRequestData()
                        .setTopics(null)));
    }
}
