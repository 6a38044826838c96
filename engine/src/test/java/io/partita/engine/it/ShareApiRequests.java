package io.partita.engine.it;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Map;

/**
 * Requests of share groups' partition leaders (KIP-932): a ShareFetch opening a session of a member of a group of
 * its own, and a ShareAcknowledge of a member without a session (answered SHARE_SESSION_NOT_FOUND).
 */
final class ShareApiRequests {

    private ShareApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
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
