package io.partita.engine.it;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequestCollection;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Requests about records: produce, fetch, offsets by time and by leader epoch, deleting records, producer states.
 * Topics are named up to the version that names them and given by id from the version that ids them; a field that
 * later versions added is set only at those (those Kafka marks ignorable are always set: older encodings drop them).
 */
final class RecordApiRequests {

    private static final int MAX_BYTES = 1 << 20;

    private RecordApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.PRODUCE, ApiRequests.of((f, v) -> new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                        .setTopicData(new TopicProduceDataCollection(List.of(new TopicProduceData()
                                .setName(f.topic).setTopicId(f.topicId)
                                .setPartitionData(List.of(new PartitionProduceData().setIndex(2).setRecords(
                                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(),
                                                "k".getBytes(UTF_8), ("v" + v).getBytes(UTF_8))))))).iterator()))),
                ApiKeys.FETCH, ApiRequests.of((f, v) -> new FetchRequestData().setMaxWaitMs(100).setMinBytes(1)
                        .setMaxBytes(MAX_BYTES).setIsolationLevel(IsolationLevel.READ_COMMITTED.id()).setSessionEpoch(-1)
                        .setTopics(List.of(new FetchTopic().setTopic(f.topic).setTopicId(f.topicId).setPartitions(List.of(
                                // from the start of partition 0, so that the answer lists its aborted transaction
                                new FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(MAX_BYTES)
                                        .setLastFetchedEpoch(v >= 12 ? 0 : -1)))))),
                ApiKeys.LIST_OFFSETS, ApiRequests.of((f, v) -> new ListOffsetsRequestData().setReplicaId(-1).setTimeoutMs(10_000)
                        .setTopics(List.of(new ListOffsetsTopic().setName(f.topic).setPartitions(List.of(
                                new ListOffsetsPartition().setPartitionIndex(0).setTimestamp(f.t0 + 3_500),
                                new ListOffsetsPartition().setPartitionIndex(1).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP),
                                new ListOffsetsPartition().setPartitionIndex(2).setTimestamp(v >= 7
                                        ? ListOffsetsRequest.MAX_TIMESTAMP : ListOffsetsRequest.EARLIEST_TIMESTAMP)))))),
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiRequests.of((f, v) -> new OffsetForLeaderEpochRequestData().setReplicaId(-1)
                        .setTopics(new OffsetForLeaderTopicCollection(List.of(new OffsetForLeaderTopic().setTopic(f.topic)
                                .setPartitions(List.of(new OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(0)))).iterator()))),
                ApiKeys.DELETE_RECORDS, ApiRequests.of((f, v) -> new DeleteRecordsRequestData().setTimeoutMs(10_000)
                        .setTopics(List.of(new DeleteRecordsTopic().setName(f.topicWithRecords("deleted-records", 1))
                                .setPartitions(List.of(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(1)))))),
                ApiKeys.DESCRIBE_PRODUCERS, ApiRequests.of((f, v) -> new DescribeProducersRequestData()
                        .setTopics(new TopicRequestCollection(List.of(new TopicRequest().setName(f.topic)
                                .setPartitionIndexes(List.of(0, 1, 2))).iterator()))));
    }
}
