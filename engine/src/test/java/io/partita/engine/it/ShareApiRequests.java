package io.partita.engine.it;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteShareGroupStateRequestData;
import org.apache.kafka.common.message.InitializeShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateRequestData;
import org.apache.kafka.common.message.ReadShareGroupStateSummaryRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.WriteShareGroupStateRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Map;

/**
 * Requests of share groups' partition leaders (KIP-932): a ShareFetch opening a session of a member of a group of
 * its own, and a ShareAcknowledge of a member without a session (answered SHARE_SESSION_NOT_FOUND); and those of the
 * share coordinator, which partition leaders send it (the state partition of their key may not be there yet, or be
 * loading: NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS; ShareStateCoordinatorTest checks their answers).
 */
final class ShareApiRequests {

    private ShareApiRequests() {
    }

    private static final Errors[] COORDINATOR_NOT_READY = {Errors.NOT_COORDINATOR, Errors.COORDINATOR_LOAD_IN_PROGRESS};

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.INITIALIZE_SHARE_GROUP_STATE, ApiRequests.of((f, v) -> new InitializeShareGroupStateRequestData()
                        .setGroupId(Topics.uniqueName("share-state")).setTopics(List.of(
                                new InitializeShareGroupStateRequestData.InitializeStateData().setTopicId(f.topicId).setPartitions(
                                        List.of(new InitializeShareGroupStateRequestData.PartitionData().setPartition(0)
                                                .setStateEpoch(1).setStartOffset(0))))), COORDINATOR_NOT_READY),
                ApiKeys.READ_SHARE_GROUP_STATE, ApiRequests.of((f, v) -> new ReadShareGroupStateRequestData()
                        .setGroupId(Topics.uniqueName("share-state")).setTopics(List.of(
                                new ReadShareGroupStateRequestData.ReadStateData().setTopicId(f.topicId).setPartitions(
                                        List.of(new ReadShareGroupStateRequestData.PartitionData().setPartition(0)
                                                .setLeaderEpoch(0))))), COORDINATOR_NOT_READY),
                ApiKeys.WRITE_SHARE_GROUP_STATE, ApiRequests.of((f, v) -> new WriteShareGroupStateRequestData()
                        .setGroupId(Topics.uniqueName("share-state")).setTopics(List.of(
                                new WriteShareGroupStateRequestData.WriteStateData().setTopicId(f.topicId).setPartitions(
                                        List.of(new WriteShareGroupStateRequestData.PartitionData().setPartition(0)
                                                .setStateEpoch(1).setLeaderEpoch(0).setStartOffset(0)
                                                .setStateBatches(List.of(new WriteShareGroupStateRequestData.StateBatch()
                                                        .setFirstOffset(0).setLastOffset(0).setDeliveryState((byte) 2)
                                                        .setDeliveryCount((short) 1))))))), COORDINATOR_NOT_READY),
                ApiKeys.DELETE_SHARE_GROUP_STATE, ApiRequests.of((f, v) -> new DeleteShareGroupStateRequestData()
                        .setGroupId(Topics.uniqueName("share-state")).setTopics(List.of(
                                new DeleteShareGroupStateRequestData.DeleteStateData().setTopicId(f.topicId).setPartitions(
                                        List.of(new DeleteShareGroupStateRequestData.PartitionData().setPartition(0))))),
                        COORDINATOR_NOT_READY),
                ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY, ApiRequests.of((f, v) -> new ReadShareGroupStateSummaryRequestData()
                        .setGroupId(Topics.uniqueName("share-state")).setTopics(List.of(
                                new ReadShareGroupStateSummaryRequestData.ReadStateSummaryData().setTopicId(f.topicId).setPartitions(
                                        List.of(new ReadShareGroupStateSummaryRequestData.PartitionData().setPartition(0)
                                                .setLeaderEpoch(0))))), COORDINATOR_NOT_READY),
                ApiKeys.SHARE_FETCH, ApiRequests.of((f, v) -> {
                    ShareFetchRequestData.FetchTopicCollection topics = new ShareFetchRequestData.FetchTopicCollection();
                    ShareFetchRequestData.FetchTopic topic = new ShareFetchRequestData.FetchTopic().setTopicId(f.topicId);
                    topic.partitions().add(new ShareFetchRequestData.FetchPartition().setPartitionIndex(0));
                    topics.add(topic);
                    return new ShareFetchRequestData().setGroupId(Topics.uniqueName("share-fetched"))
                            .setMemberId(Uuid.randomUuid().toString()).setShareSessionEpoch(0).setMaxWaitMs(10)
                            .setMinBytes(1).setMaxBytes(1 << 20).setMaxRecords(500).setBatchSize(500).setTopics(topics);
                }),
                ApiKeys.SHARE_ACKNOWLEDGE, ApiRequests.of((f, v) -> {
                    ShareAcknowledgeRequestData.AcknowledgeTopicCollection topics =
                            new ShareAcknowledgeRequestData.AcknowledgeTopicCollection();
                    ShareAcknowledgeRequestData.AcknowledgeTopic topic =
                            new ShareAcknowledgeRequestData.AcknowledgeTopic().setTopicId(f.topicId);
                    topic.partitions().add(new ShareAcknowledgeRequestData.AcknowledgePartition().setPartitionIndex(0)
                            .setAcknowledgementBatches(List.of(new ShareAcknowledgeRequestData.AcknowledgementBatch()
                                    .setFirstOffset(0).setLastOffset(0).setAcknowledgeTypes(List.of((byte) 1)))));
                    topics.add(topic);
                    return new ShareAcknowledgeRequestData().setGroupId(Topics.uniqueName("share-acknowledged"))
                            .setMemberId(Uuid.randomUuid().toString()).setShareSessionEpoch(1).setTopics(topics);
                }, Errors.SHARE_SESSION_NOT_FOUND));
    }
}
