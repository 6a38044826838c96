package io.partita.engine.txn;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.InternalTopics;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogReplay;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Transaction state as records of the internal compacted topic {@code __transaction_state} (format:
 * {@link TransactionLogRecords}). A transactional id belongs to partition {@code abs(id.hashCode()) % partitions},
 * as in Kafka, and is coordinated by that partition's leader. A write completes once every in-sync replica holds
 * it; {@link #loadNewlyLed()} replays the partitions this node has come to lead.
 *
 * <p>The topic is created the first time a transactional id needs a coordinator. Used from the coordinator's
 * thread only; not thread-safe.
 */
final class TransactionStateTopic {

    private static final System.Logger LOG = System.getLogger(TransactionStateTopic.class.getName());
    /** How long a state write may wait for the in-sync replicas (Kafka's default request timeout). */
    private static final long REPLICATION_TIMEOUT_MS = 30_000;
    static final String NAME = Topic.TRANSACTION_STATE_TOPIC_NAME;

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final InternalTopics internalTopics;
    private final ReplicaManager replicas;
    private final TransactionConfig config;
    private final Clock clock;
    /** The partitions led here whose ids are loaded. */
    private final Set<Integer> loaded = new HashSet<>();

    TransactionStateTopic(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                          TransactionConfig config, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.internalTopics = internalTopics;
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The latest state of every transactional id of the partitions this node leads and has not loaded yet (all of
     * them at start; those it became leader of since the last call later on).
     */
    Map<String, TransactionMetadata> loadNewlyLed() {
        Map<String, TransactionMetadata> states = new HashMap<>();
        Optional<TopicMetadata> topic = cluster.topic(NAME);
        if (topic.isEmpty()) return states;
        for (PartitionAssignment p : topic.get().partitions()) {
            if (p.leader() == nodeId && !loaded.contains(p.partition())) {
                load(p.partition(), states);
            }
        }
        return states;
    }

    /** Partitions loaded here that this node no longer leads: forgotten, so that leading one again reloads it. */
    Set<Integer> releaseLost() {
        Set<Integer> lost = new HashSet<>();
        for (int partition : loaded) {
            boolean leads = cluster.topic(NAME).flatMap(t -> t.partition(partition)).map(a -> a.leader() == nodeId).orElse(false);
            if (!leads) lost.add(partition);
        }
        loaded.removeAll(lost);
        return lost;
    }

    int partitionOf(String transactionalId) {
        return cluster.topic(NAME).map(t -> partitionFor(transactionalId, t.partitionCount())).orElse(-1);
    }

    private void load(int partition, Map<String, TransactionMetadata> states) {
        TopicPartition tp = new TopicPartition(NAME, partition);
        try {
            LogReplay.forEachBatch(replicas.leaderLog(tp), batch -> {
                for (Record record : batch) apply(record, states);
            });
            loaded.add(partition);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot load the transactions of " + tp + ", retried later", e);
        }
    }

    private static void apply(Record record, Map<String, TransactionMetadata> states) {
        if (!record.hasKey()) return;
        try {
            String id = TransactionLogRecords.readKey(record.key());
            if (record.hasValue()) {
                states.put(id, TransactionLogRecords.readValue(id, record.value()));
            } else {
                states.remove(id);
            }
        } catch (RuntimeException unknown) {
            LOG.log(System.Logger.Level.WARNING, "Skipping record " + record.offset() + " of " + NAME + ": " + unknown.getMessage());
        }
    }

    /** The broker coordinating the id, creating the topic when it does not exist yet; empty when it has no leader. */
    OptionalInt coordinatorNodeId(String transactionalId) {
        int leader = internalTopics.find(NAME, config.numPartitions(), config.replicationFactor(), config.topicConfigs())
                .flatMap(topic -> topic.partition(partitionFor(transactionalId, topic.partitionCount())))
                .map(PartitionAssignment::leader).orElse(-1);
        return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
    }

    /** True when this node leads the id's partition and has loaded it. */
    boolean coordinates(String transactionalId) {
        OptionalInt coordinator = coordinatorNodeId(transactionalId);
        return coordinator.isPresent() && coordinator.getAsInt() == nodeId && loaded.contains(partitionOf(transactionalId));
    }

    /** The leader epoch of the id's partition: the coordinator epoch its markers carry. */
    int coordinatorEpoch(String transactionalId) {
        return cluster.topic(NAME).flatMap(t -> t.partition(partitionFor(transactionalId, t.partitionCount())))
                .map(PartitionAssignment::leaderEpoch).orElse(-1);
    }

    /** Kafka's rule: {@code Utils.abs(transactionalId.hashCode()) % partitionCount}. */
    static int partitionFor(String transactionalId, int partitionCount) {
        return Utils.abs(transactionalId.hashCode()) % partitionCount;
    }

    /** Stores the id's new state; completes when the in-sync replicas have it. */
    CompletableFuture<Void> write(TransactionMetadata state) {
        return append(state.transactionalId(), TransactionLogRecords.value(state));
    }

    /** Forgets the id (a tombstone); completes when the in-sync replicas have it. */
    CompletableFuture<Void> remove(String transactionalId) {
        return append(transactionalId, null);
    }

    private CompletableFuture<Void> append(String transactionalId, byte[] value) {
        try {
            TopicMetadata topic = cluster.topic(NAME)
                    .orElseThrow(() -> new CoordinatorNotAvailableException("The transaction state topic does not exist yet"));
            TopicPartition tp = new TopicPartition(NAME, partitionFor(transactionalId, topic.partitionCount()));
            SimpleRecord record = new SimpleRecord(clock.millis(), TransactionLogRecords.key(transactionalId), value);
            LogAppendInfo appended;
            try {
                appended = replicas.appendAsLeader(tp, MemoryRecords.withRecords(Compression.NONE, record));
            } catch (NotLeaderOrFollowerException e) {
                throw new NotCoordinatorException("This node no longer leads " + tp, e);
            } catch (IOException | KafkaException e) {
                throw new CoordinatorNotAvailableException("Cannot write to " + tp + ": " + e.getMessage(), e);
            }
            return replicas.awaitReplicated(tp, appended.lastOffset() + 1, REPLICATION_TIMEOUT_MS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
