package io.partita.engine.it;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfigCollection;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfigCollection;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;
import java.util.Map;

/** Requests about topics and configs: create, delete, add partitions, describe and alter configs. */
final class TopicApiRequests {

    private static final String RETENTION = "retention.ms";

    private TopicApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.CREATE_TOPICS, ApiRequests.of((f, v) -> new CreateTopicsRequestData().setTimeoutMs(10_000)
                        .setTopics(new CreatableTopicCollection(List.of(new CreatableTopic()
                                .setName(Topics.uniqueName("created")).setNumPartitions(2).setReplicationFactor((short) 1)
                                .setConfigs(new CreatableTopicConfigCollection(List.of(
                                        new CreatableTopicConfig().setName(RETENTION).setValue("3600000")).iterator()))).iterator()))),
                ApiKeys.DELETE_TOPICS, ApiRequests.of((f, v) -> {
                    String name = f.emptyTopic("deleted");
                    DeleteTopicsRequestData delete = new DeleteTopicsRequestData().setTimeoutMs(10_000);
                    return v < 6 ? delete.setTopicNames(List.of(name))
                            : delete.setTopics(List.of(new DeleteTopicState().setTopicId(f.topicId(name))));
                }),
                ApiKeys.CREATE_PARTITIONS, ApiRequests.of((f, v) -> new CreatePartitionsRequestData().setTimeoutMs(10_000)
                        .setTopics(new CreatePartitionsTopicCollection(List.of(new CreatePartitionsTopic()
                                .setName(f.emptyTopic("grown")).setCount(2).setAssignments(null)).iterator()))),
                ApiKeys.DESCRIBE_CONFIGS, ApiRequests.of((f, v) -> new DescribeConfigsRequestData()
                        .setResources(List.of(
                                new DescribeConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                                        .setResourceName(f.topic).setConfigurationKeys(null),
                                new DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                                        .setResourceName(Integer.toString(f.broker.nodeId()))
                                        .setConfigurationKeys(List.of("log.retention.ms", "num.partitions"))))
                        .setIncludeSynonyms(true).setIncludeDocumentation(v >= 3)),
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiRequests.of((f, v) -> {
                    IncrementalAlterConfigsRequestData.AlterConfigsResource resource = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                            .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(f.emptyTopic("configured"))
                            .setConfigs(new AlterableConfigCollection(List.of(new AlterableConfig().setName(RETENTION)
                                    .setConfigOperation(AlterConfigOp.OpType.SET.id()).setValue("86400000")).iterator()));
                    return new IncrementalAlterConfigsRequestData().setResources(
                            new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection(List.of(resource).iterator()));
                }),
                ApiKeys.ALTER_CONFIGS, ApiRequests.of((f, v) -> {
                    AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                            .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(f.emptyTopic("configured"))
                            .setConfigs(new AlterConfigsRequestData.AlterableConfigCollection(List.of(
                                    new AlterConfigsRequestData.AlterableConfig().setName(RETENTION).setValue("86400000")).iterator()));
                    return new AlterConfigsRequestData().setResources(
                            new AlterConfigsRequestData.AlterConfigsResourceCollection(List.of(resource).iterator()));
                }));
    }
}
