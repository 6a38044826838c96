package io.partita.engine.protocol;

import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * The audited changes of groups: groups deleted, committed offsets deleted, and offsets set from outside the group
 * ({@code kafka-consumer-groups.sh --reset-offsets}, {@code Admin.alterConsumerGroupOffsets}), which is an
 * OffsetCommit without a member; share groups' start offsets reset and their offsets deleted. A consumer that assigns its partitions itself and commits without joining sends
 * the same request and is audited too; members' own commits are not. Stateless.
 */
final class GroupChanges {

    private GroupChanges() {
    }

    static List<AdminChange> deleted(AbstractRequest request, AbstractResponse response) {
        List<AdminChange> changes = new ArrayList<>();
        for (DeletableGroupResult result : ((DeleteGroupsResponse) response).data().results()) {
            changes.add(AdminChange.of(group(result.groupId()), result.errorCode(), null));
        }
        return changes;
    }

    static List<AdminChange> offsetsDeleted(AbstractRequest request, AbstractResponse response) {
        String groupId = ((OffsetDeleteRequest) request).data().groupId();
        OffsetDeleteResponseData answer = ((OffsetDeleteResponse) response).data();
        List<AdminChange> changes = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : ((OffsetDeleteRequest) request).data().topics()) {
            OffsetDeleteResponseTopic answered = answer.topics().find(topic.name());
            for (OffsetDeleteRequestPartition partition : topic.partitions()) {
                OffsetDeleteResponsePartition result = answered == null ? null : answered.partitions().find(partition.partitionIndex());
                short error = answer.errorCode() != 0 || result == null ? answer.errorCode() : result.errorCode();
                changes.add(AdminChange.of(group(groupId), error, null)
                        .with("partition", topic.name() + "-" + partition.partitionIndex()));
            }
        }
        return changes;
    }

    static List<AdminChange> offsetsReset(AbstractRequest request, AbstractResponse response) {
        OffsetCommitRequestData asked = ((OffsetCommitRequest) request).data();
        if (asked.generationIdOrMemberEpoch() >= 0 || !asked.memberId().isEmpty()) return List.of();
        List<AdminChange> changes = new ArrayList<>();
        for (OffsetCommitResponseTopic topic : ((OffsetCommitResponse) response).data().topics()) {
            String name = topic.name() == null || topic.name().isEmpty() ? topic.topicId().toString() : topic.name();
            OffsetCommitRequestTopic askedTopic = asked.topics().stream()
                    .filter(t -> t.name().equals(topic.name()) && t.topicId().equals(topic.topicId()))
                    .findFirst().orElse(null);
            for (OffsetCommitResponsePartition result : topic.partitions()) {
                AdminChange change = AdminChange.of(group(asked.groupId()), result.errorCode(), null)
                        .with("partition", name + "-" + result.partitionIndex());
                if (askedTopic != null) {
                    askedTopic.partitions().stream().filter(p -> p.partitionIndex() == result.partitionIndex())
                            .findFirst().map(OffsetCommitRequestPartition::committedOffset)
                            .ifPresent(offset -> change.with("offset", offset));
                }
                changes.add(change);
            }
        }
        return changes;
    }

    /** {@code kafka-share-groups.sh --reset-offsets}: each share partition with its new start offset. */
    static List<AdminChange> shareOffsetsReset(AbstractRequest request, AbstractResponse response) {
        AlterShareGroupOffsetsRequestData asked = ((AlterShareGroupOffsetsRequest) request).data();
        AlterShareGroupOffsetsResponseData answer = ((AlterShareGroupOffsetsResponse) response).data();
        List<AdminChange> changes = new ArrayList<>();
        for (AlterShareGroupOffsetsRequestTopic topic : asked.topics()) {
            AlterShareGroupOffsetsResponseTopic answered = answer.responses().find(topic.topicName());
            for (AlterShareGroupOffsetsRequestPartition partition : topic.partitions()) {
                AlterShareGroupOffsetsResponsePartition result = answered == null ? null : answered.partitions().stream()
                        .filter(p -> p.partitionIndex() == partition.partitionIndex()).findFirst().orElse(null);
                AdminChange change = answer.errorCode() != 0 || result == null
                        ? AdminChange.of(group(asked.groupId()), answer.errorCode(), answer.errorMessage())
                        : AdminChange.of(group(asked.groupId()), result.errorCode(), result.errorMessage());
                changes.add(change.with("partition", topic.topicName() + "-" + partition.partitionIndex())
                        .with("offset", partition.startOffset()));
            }
        }
        return changes;
    }

    /** {@code kafka-share-groups.sh --delete-offsets}: each topic whose share group offsets were to go. */
    static List<AdminChange> shareOffsetsDeleted(AbstractRequest request, AbstractResponse response) {
        DeleteShareGroupOffsetsRequestData asked = ((DeleteShareGroupOffsetsRequest) request).data();
        DeleteShareGroupOffsetsResponseData answer = ((DeleteShareGroupOffsetsResponse) response).data();
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteShareGroupOffsetsRequestTopic topic : asked.topics()) {
            DeleteShareGroupOffsetsResponseTopic result = answer.responses().stream()
                    .filter(t -> topic.topicName().equals(t.topicName())).findFirst().orElse(null);
            AdminChange change = answer.errorCode() != 0 || result == null
                    ? AdminChange.of(group(asked.groupId()), answer.errorCode(), answer.errorMessage())
                    : AdminChange.of(group(asked.groupId()), result.errorCode(), result.errorMessage());
            changes.add(change.with("topic", topic.topicName()));
        }
        return changes;
    }

    private static String group(String groupId) {
        return "group:" + groupId;
    }
}
