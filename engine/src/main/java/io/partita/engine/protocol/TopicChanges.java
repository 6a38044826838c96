package io.partita.engine.protocol;

import io.partita.engine.audit.SensitiveConfigs;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

import java.util.ArrayList;
import java.util.List;

/** The audited changes of topics: created, deleted, partitions added, records deleted. Stateless. */
final class TopicChanges {

    private TopicChanges() {
    }

    static List<AdminChange> created(AbstractRequest request, AbstractResponse response) {
        CreateTopicsRequest create = (CreateTopicsRequest) request;
        if (create.data().validateOnly()) return List.of();
        List<AdminChange> changes = new ArrayList<>();
        for (CreatableTopicResult result : ((CreateTopicsResponse) response).data().topics()) {
            AdminChange change = AdminChange.of(AdminChange.topic(result.name()), result.errorCode(), result.errorMessage());
            CreatableTopic asked = create.data().topics().find(result.name());
            if (asked != null) {
                change.with("partitions", asked.numPartitions()).with("replication.factor", asked.replicationFactor());
                if (!asked.assignments().isEmpty()) change.with("assignments", asked.assignments().size());
                for (CreatableTopicConfig config : asked.configs()) {
                    change.with("config." + config.name(), SensitiveConfigs.shown(config.name(), config.value()));
                }
            }
            changes.add(change);
        }
        return changes;
    }

    static List<AdminChange> deleted(AbstractRequest request, AbstractResponse response) {
        List<AdminChange> changes = new ArrayList<>();
        for (DeletableTopicResult result : ((DeleteTopicsResponse) response).data().responses()) {
            String topic = result.name() != null ? result.name() : result.topicId().toString();
            changes.add(AdminChange.of(AdminChange.topic(topic), result.errorCode(), result.errorMessage()));
        }
        return changes;
    }

    static List<AdminChange> partitionsAdded(AbstractRequest request, AbstractResponse response) {
        CreatePartitionsRequest create = (CreatePartitionsRequest) request;
        if (create.data().validateOnly()) return List.of();
        List<AdminChange> changes = new ArrayList<>();
        for (CreatePartitionsTopicResult result : ((CreatePartitionsResponse) response).data().results()) {
            AdminChange change = AdminChange.of(AdminChange.topic(result.name()), result.errorCode(), result.errorMessage());
            CreatePartitionsTopic asked = create.data().topics().find(result.name());
            if (asked != null) change.with("partitions", asked.count());
            changes.add(change);
        }
        return changes;
    }

    static List<AdminChange> recordsDeleted(AbstractRequest request, AbstractResponse response) {
        DeleteRecordsRequest delete = (DeleteRecordsRequest) request;
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteRecordsTopicResult topic : ((DeleteRecordsResponse) response).data().topics()) {
            DeleteRecordsTopic askedTopic = delete.data().topics().stream()
                    .filter(t -> t.name().equals(topic.name())).findFirst().orElse(null);
            for (DeleteRecordsPartitionResult result : topic.partitions()) {
                AdminChange change = AdminChange.of(AdminChange.partition(topic.name(), result.partitionIndex()),
                        result.errorCode(), null);
                if (askedTopic != null) {
                    askedTopic.partitions().stream().filter(p -> p.partitionIndex() == result.partitionIndex())
                            .findFirst().map(DeleteRecordsPartition::offset)
                            .ifPresent(offset -> change.with("before.offset", offset));
                }
                changes.add(change);
            }
        }
        return changes;
    }
}
