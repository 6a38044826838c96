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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link TransactionStore} of a cluster: the records of the internal compacted topic {@code __transaction_state}
 * (format: {@link TransactionLogRecords}). A transactional id belongs to partition {@code abs(id.hashCode()) %
 * partitions}, as in Kafka, and is coordinated by that partition's leader. An append goes through
 * {@link ReplicaManager#appendAsLeader} and completes once every in-sync replica holds it; {@link #read} replays a
 * partition's log from its start.
 *
 * <p>The topic is created the first time a transactional id needs a coordinator. Confined to the coordinator's
 * thread, as {@link TransactionStore} says.
 */
public final class TransactionStateTopic implements TransactionStore {

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

    public TransactionStateTopic(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                                 TransactionConfig config, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.internalTopics = internalTopics;
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Map<Integer, Integer> ledPartitions() {
        Map<Integer, Integer> led = new HashMap<>();
        cluster.topic(NAME).ifPresent(topic -> topic.partitions().stream().filter(p -> p.leader() == nodeId)
                .forEach(p -> led.put(p.partition(), p.leaderEpoch())));
        return led;
    }

    @Override
    public int partitionOf(String transactionalId) {
        return cluster.topic(NAME).map(t -> partitionFor(transactionalId, t.partitionCount())).orElse(-1);
    }

    @Override
    public void read(int partition, Consumer<TransactionRecord> replay) throws IOException {
        LogReplay.forEachBatch(replicas.leaderLog(new TopicPartition(NAME, partition)), batch -> {
            for (Record record : batch) {
                decode(record).ifPresent(replay);
            }
        });
    }

    /** The record's transaction record; empty (and a warning) for one of a version this code does not know. */
    private static Optional<TransactionRecord> decode(Record record) {
        if (!record.hasKey()) return Optional.empty();
        try {
            String id = TransactionLogRecords.readKey(record.key());
            return Optional.of(new TransactionRecord(id, record.hasValue() ? TransactionLogRecords.readValue(id, record.value()) : null));
        } catch (RuntimeException unknown) {
            LOG.log(System.Logger.Level.WARNING, "Skipping record " + record.offset() + " of " + NAME + ": " + unknown.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public OptionalInt coordinatorNodeId(String transactionalId) {
        int leader = internalTopics.find(NAME, config.numPartitions(), config.replicationFactor(), config.topicConfigs())
                .flatMap(topic -> topic.partition(partitionFor(transactionalId, topic.partitionCount())))
                .map(PartitionAssignment::leader).orElse(-1);
        return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
    }

    /** Kafka's rule: {@code Utils.abs(transactionalId.hashCode()) % partitionCount}. */
    static int partitionFor(String transactionalId, int partitionCount) {
        return Utils.abs(transactionalId.hashCode()) % partitionCount;
    }

    @Override
    public CompletableFuture<Void> append(TransactionRecord record) {
        String transactionalId = record.transactionalId();
        try {
            byte[] value = record.state() == null ? null : TransactionLogRecords.value(record.state());
            TopicMetadata topic = cluster.topic(NAME)
                    .orElseThrow(() -> new CoordinatorNotAvailableException("The transaction state topic does not exist yet"));
            TopicPartition tp = new TopicPartition(NAME, partitionFor(transactionalId, topic.partitionCount()));
            SimpleRecord stored = new SimpleRecord(clock.millis(), TransactionLogRecords.key(transactionalId), value);
            LogAppendInfo appended;
            try {
                appended = replicas.appendAsLeader(tp, MemoryRecords.withRecords(Compression.NONE, stored));
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
