package io.partita.engine.sharestate;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.InternalTopics;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.coordinator.ReplicationErrors;
import io.partita.engine.coordinator.PartitionSource;
import io.partita.engine.coordinator.TopicLeadership;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogReplay;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Share-partition state as records of the internal compacted topic {@code __share_group_state} (format:
 * {@link ShareStateRecords}). A share partition's state belongs to partition
 * {@code abs("groupId:topicId:partition".hashCode()) % partitions}, as in Kafka, coordinated by that partition's
 * leader. Appends go through {@link ReplicaManager#appendAsLeader} and complete once every in-sync replica has them;
 * a partition this node comes to lead is {@link #read replayed} into a {@link StoredShareStates}, installed here and
 * dropped when the node stops leading it.
 *
 * <p>The topic is created the first time a share partition's coordinator is looked up. Called from the share
 * coordinator's thread only, except {@link #read} and {@link #observeLeadership}, as {@link PartitionSource} says.
 */
final class ShareStateTopic implements PartitionSource<StoredShareStates> {

    private static final System.Logger LOG = System.getLogger(ShareStateTopic.class.getName());
    static final String NAME = Topic.SHARE_GROUP_STATE_TOPIC_NAME;

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final InternalTopics internalTopics;
    private final ReplicaManager replicas;
    private final ShareStateConfig config;
    private final Clock clock;
    /** The state partitions this node serves, by partition. */
    private final Map<Integer, StoredShareStates> served = new HashMap<>();

    ShareStateTopic(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                    ShareStateConfig config, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.internalTopics = internalTopics;
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
    }

    /** The state partition of the key, at the partition count the topic has or will be created with. */
    int partitionOf(ShareStateKey key) {
        return key.statePartition(cluster.topic(NAME).map(TopicMetadata::partitionCount).orElse(config.numPartitions()));
    }

    @Override
    public void observeLeadership(Leadership listener) {
        TopicLeadership.follow(cluster, nodeId, NAME, listener);
    }

    @Override
    public StoredShareStates read(int partition) {
        TopicPartition tp = new TopicPartition(NAME, partition);
        StoredShareStates states = new StoredShareStates();
        try {
            LogReplay.forEachBatch(replicas.leaderLog(tp), batch -> {
                if (batch.isControlBatch()) return;
                for (Record record : batch) apply(states, record);
            });
        } catch (IOException e) {
            throw new CoordinatorNotAvailableException("Cannot read " + tp + ": " + e.getMessage(), e);
        }
        return states;
    }

    private static void apply(StoredShareStates states, Record record) {
        if (!record.hasKey()) return;
        try {
            states.apply(ShareStateRecords.readKey(record.key()),
                    record.hasValue() ? ShareStateRecords.readValue(record.value()) : null);
        } catch (RuntimeException unknown) {
            LOG.log(System.Logger.Level.WARNING, "Skipping record " + record.offset() + " of " + NAME + ": " + unknown.getMessage());
        }
    }

    @Override
    public void install(int partition, StoredShareStates states) {
        served.put(partition, states);
    }

    @Override
    public void unload(int partition) {
        served.remove(partition);
    }

    /** What the served partition holds; null when it is not served (not led, or not read yet). */
    StoredShareStates served(int partition) {
        return served.get(partition);
    }

    /** The broker coordinating the key, creating the topic when it does not exist yet; empty when none can now. */
    OptionalInt coordinatorNodeId(String coordinatorKey) {
        int leader = internalTopics.find(NAME, config.numPartitions(), config.replicationFactor(), config.topicConfigs())
                .flatMap(topic -> topic.partition(ShareStateKey.statePartition(coordinatorKey, topic.partitionCount())))
                .map(PartitionAssignment::leader).orElse(-1);
        return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
    }

    /** A record of the topic, stamped now. */
    SimpleRecord record(byte[] key, byte[] value) {
        return new SimpleRecord(clock.millis(), key, value);
    }

    /**
     * Appends the records to the key's state partition as one batch, so that they are stored all or none; completes
     * when every in-sync replica has them, or fails with NOT_COORDINATOR (leadership moved) or
     * COORDINATOR_NOT_AVAILABLE (the log or the replicas failed).
     */
    CompletableFuture<Void> append(ShareStateKey key, List<SimpleRecord> records) {
        TopicPartition tp = new TopicPartition(NAME, partitionOf(key));
        try {
            LogAppendInfo appended = replicas.appendAsLeader(tp, MemoryRecords.withRecords(Compression.NONE,
                    records.toArray(SimpleRecord[]::new)));
            return replicas.awaitReplicated(tp, appended.lastOffset() + 1, config.writeTimeoutMs())
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(ReplicationErrors.of(tp, failure)));
        } catch (IOException | KafkaException e) {
            return CompletableFuture.failedFuture(ReplicationErrors.of(tp, e));
        }
    }
}
