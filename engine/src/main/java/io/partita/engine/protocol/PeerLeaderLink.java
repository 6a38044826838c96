package io.partita.engine.protocol;

import io.partita.engine.log.EpochEndOffset;
import io.partita.engine.replication.LeaderLink;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A follower's {@link LeaderLink} over a {@link PeerConnection}: Fetch at the latest version (topic ids, the
 * replica id in ReplicaState) and OffsetForLeaderEpoch, built and parsed with kafka-clients' request and response
 * classes. Thread-safe.
 */
final class PeerLeaderLink implements LeaderLink {

    /** Kafka's {@code replica.fetch.response.max.bytes} default. */
    private static final int RESPONSE_MAX_BYTES = 10_485_760;

    private final PeerConnection connection;
    private final int replicaId;
    private final int partitionMaxBytes;

    /**
     * @param partitionMaxBytes {@code replica.fetch.max.bytes}
     */
    PeerLeaderLink(PeerConnection connection, int replicaId, int partitionMaxBytes) {
        this.connection = connection;
        this.replicaId = replicaId;
        this.partitionMaxBytes = partitionMaxBytes;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Fetched>> fetch(Map<TopicPartition, FetchPosition> positions, int maxWaitMs) {
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        Map<Uuid, String> names = new HashMap<>();
        positions.forEach((tp, p) -> {
            names.put(p.topicId(), tp.topic());
            data.put(tp, new FetchRequest.PartitionData(p.topicId(), p.fetchOffset(), p.logStartOffset(), partitionMaxBytes,
                    Optional.of(p.currentLeaderEpoch()), Optional.empty()));
        });
        short version = ApiKeys.FETCH.latestVersion();
        FetchRequest request = FetchRequest.Builder.forReplica(version, replicaId, -1, maxWaitMs, 1, data)
                .setMaxBytes(RESPONSE_MAX_BYTES).build(version);
        return connection.send(request).thenApply(r -> {
            FetchResponse response = (FetchResponse) r;
            if (response.error() != Errors.NONE) throw response.error().exception();
            Map<TopicPartition, Fetched> result = new HashMap<>();
            response.responseData(names, version).forEach((tp, pd) -> result.put(tp, fetched(pd)));
            return result;
        });
    }

    private static Fetched fetched(FetchResponseData.PartitionData pd) {
        Errors error = Errors.forCode(pd.errorCode());
        MemoryRecords records = error == Errors.NONE && pd.records() instanceof MemoryRecords m ? m : MemoryRecords.EMPTY;
        return new Fetched(error, records, pd.highWatermark(), pd.logStartOffset());
    }

    @Override
    public CompletableFuture<Map<TopicPartition, EpochAnswer>> endOffsetsForEpochs(Map<TopicPartition, EpochQuery> queries) {
        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
        queries.forEach((tp, q) -> {
            OffsetForLeaderTopic topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new OffsetForLeaderTopic().setTopic(tp.topic());
                topics.add(topic);
            }
            topic.partitions().add(new OffsetForLeaderPartition().setPartition(tp.partition())
                    .setCurrentLeaderEpoch(q.currentLeaderEpoch()).setLeaderEpoch(q.leaderEpoch()));
        });
        short version = ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion();
        return connection.send(OffsetsForLeaderEpochRequest.Builder.forFollower(topics, replicaId).build(version)).thenApply(r -> {
            Map<TopicPartition, EpochAnswer> result = new HashMap<>();
            for (OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult t : ((OffsetsForLeaderEpochResponse) r).data().topics()) {
                for (OffsetForLeaderEpochResponseData.EpochEndOffset p : t.partitions()) {
                    result.put(new TopicPartition(t.topic(), p.partition()),
                            new EpochAnswer(Errors.forCode(p.errorCode()), new EpochEndOffset(p.leaderEpoch(), p.endOffset())));
                }
            }
            return result;
        });
    }

    @Override
    public void close() {
        connection.close();
    }
}
