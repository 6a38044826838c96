package io.partita.engine.replication;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.log.EpochEndOffset;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A follower's connection to the broker leading some of its partitions, speaking the Kafka protocol (Fetch with
 * this node's replica id, OffsetForLeaderEpoch). Implemented in the {@code protocol} package, the only one that
 * sees Kafka's message classes. Requests on one link are answered in order; a failed connection fails every
 * pending future, and the link then reconnects on the next request. Thread-safe.
 */
public interface LeaderLink extends AutoCloseable {

    /** Opens links to leaders. */
    interface Connector {
        LeaderLink connect(BrokerInfo leader, int replicaId);
    }

    /** Where a follower's log ends, with the epoch it believes the leader has. */
    record FetchPosition(Uuid topicId, long fetchOffset, long logStartOffset, int currentLeaderEpoch) {
    }

    /** One partition of a fetch answer: an error, or the records (possibly none) and the leader's offsets. */
    record Fetched(Errors error, MemoryRecords records, long highWatermark, long logStartOffset) {
    }

    /** Asks where {@code leaderEpoch} ends on the leader, which must be at {@code currentLeaderEpoch}. */
    record EpochQuery(int currentLeaderEpoch, int leaderEpoch) {
    }

    /** One partition of an OffsetForLeaderEpoch answer. */
    record EpochAnswer(Errors error, EpochEndOffset endOffset) {
    }

    /** Fetches from the given positions, waiting up to {@code maxWaitMs} on the leader for at least one byte. */
    CompletableFuture<Map<TopicPartition, Fetched>> fetch(Map<TopicPartition, FetchPosition> positions, int maxWaitMs);

    CompletableFuture<Map<TopicPartition, EpochAnswer>> endOffsetsForEpochs(Map<TopicPartition, EpochQuery> queries);

    @Override
    void close();
}
