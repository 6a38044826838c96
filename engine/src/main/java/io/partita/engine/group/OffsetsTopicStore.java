package io.partita.engine.group;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.InternalTopics;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.coordinator.ReplicationErrors;
import io.partita.engine.coordinator.TopicLeadership;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogReplay;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.InvalidCommitOffsetSizeException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The group coordinator's records as records of the internal topic {@code __consumer_offsets} (format:
 * {@link OffsetsTopicRecords}). A group belongs to partition {@code abs(groupId.hashCode()) % partitions}, as in
 * Kafka, and is coordinated by that partition's leader. Every append goes to the partition through
 * {@link ReplicaManager#appendAsLeader} as one batch; it is durable once every in-sync replica has it. A partition is
 * {@link #read} by replaying its records and transaction markers when this node comes to lead it (leadership is
 * followed through the cluster metadata). Holds nothing in memory.
 *
 * <p>The topic is created (compacted) the first time a group needs a coordinator. Confined to the coordinator's
 * thread, as {@link GroupStore} says.
 */
public final class OffsetsTopicStore implements GroupStore {

    private static final System.Logger LOG = System.getLogger(OffsetsTopicStore.class.getName());

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final InternalTopics internalTopics;
    private final ReplicaManager replicas;
    private final OffsetsTopicConfig config;
    private final Clock clock;

    public OffsetsTopicStore(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                             OffsetsTopicConfig config, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.internalTopics = internalTopics;
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public int partitionOf(String groupId) {
        return partitionFor(groupId, cluster.topic(Topic.GROUP_METADATA_TOPIC_NAME)
                .map(TopicMetadata::partitionCount).orElse(config.numPartitions()));
    }

    @Override
    public void observeLeadership(Leadership listener) {
        TopicLeadership.follow(cluster, nodeId, Topic.GROUP_METADATA_TOPIC_NAME, listener);
    }

    /**
     * Replays the partition: records in order, a transaction marker committing (or dropping) the offsets its producer
     * left pending before it. A record of a type this code does not know is skipped.
     */
    @Override
    public OffsetsTopicState read(int partition) {
        TopicPartition tp = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partition);
        OffsetsTopicState state = new OffsetsTopicState();
        try {
            LogReplay.forEachBatch(replicas.leaderLog(tp), batch -> {
                for (Record record : batch) {
                    if (batch.isControlBatch()) {
                        ControlRecordType type = ControlRecordType.parse(record.key());
                        if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                            state.replayTransactionEnd(batch.producerId(), batch.producerEpoch(),
                                    type == ControlRecordType.COMMIT, groupId -> true);
                        }
                    } else if (record.hasKey()) {
                        replay(state, record);
                    }
                }
            });
        } catch (IOException e) {
            throw new CoordinatorNotAvailableException("Cannot read " + tp + ": " + e.getMessage(), e);
        }
        return state;
    }

    private static void replay(OffsetsTopicState state, Record record) {
        GroupRecord read;
        try {
            read = OffsetsTopicRecords.read(record.key(), record.hasValue() ? record.value() : null);
        } catch (RuntimeException unknown) {
            LOG.log(System.Logger.Level.WARNING, "Skipping record " + record.offset() + " of "
                    + Topic.GROUP_METADATA_TOPIC_NAME + ": " + unknown.getMessage());
            return;
        }
        state.replay(read);
    }

    @Override
    public void install(int partition, OffsetsTopicState stored) {
    }

    @Override
    public void unload(int partition) {
    }

    @Override
    public OptionalInt coordinatorNodeId(String groupId) {
        int leader = internalTopics.find(Topic.GROUP_METADATA_TOPIC_NAME, config.numPartitions(), config.replicationFactor(),
                        config.topicConfigs())
                .flatMap(topic -> topic.partition(partitionFor(groupId, topic.partitionCount())))
                .map(PartitionAssignment::leader).orElse(-1);
        return leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader);
    }

    /** Kafka's rule: {@code Utils.abs(groupId.hashCode()) % partitionCount}. */
    static int partitionFor(String groupId, int partitionCount) {
        return Utils.abs(groupId.hashCode()) % partitionCount;
    }

    /**
     * The group's partition of {@code __consumer_offsets}, at the partition count it has or will be created with.
     * Reads only the cluster metadata: safe on any thread.
     */
    public TopicPartition offsetsPartition(String groupId) {
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partitionOf(groupId));
    }

    /**
     * Appends the records as one batch, so that they are stored all or none; a tombstone goes under the key of the
     * previous format too, so that compaction removes a record written in it.
     */
    @Override
    public CompletableFuture<Void> append(String groupId, List<GroupRecord> records) {
        List<SimpleRecord> batch = new ArrayList<>(records.size());
        long now = clock.millis();
        for (GroupRecord record : records) {
            byte[] value = OffsetsTopicRecords.value(record);
            if (value == null) batch.add(new SimpleRecord(now, OffsetsTopicRecords.legacyKey(record), null));
            batch.add(new SimpleRecord(now, OffsetsTopicRecords.key(record), value));
        }
        return appendBatch(groupId, batch);
    }

    /**
     * Appends the records to the group's partition as one batch, so that they are stored all or none; the future
     * completes when every in-sync replica has them (as Kafka's coordinator writes with acks=all).
     */
    private CompletableFuture<Void> appendBatch(String groupId, List<SimpleRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        TopicMetadata topic = cluster.topic(Topic.GROUP_METADATA_TOPIC_NAME)
                .orElseThrow(() -> new CoordinatorNotAvailableException("The offsets topic does not exist yet"));
        TopicPartition tp = new TopicPartition(topic.name(), partitionFor(groupId, topic.partitionCount()));
        try {
            LogAppendInfo appended = replicas.appendAsLeader(tp, MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new)));
            return replicas.awaitReplicated(tp, appended.lastOffset() + 1, config.commitTimeoutMs())
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(ReplicationErrors.of(tp, failure)));
        } catch (NotLeaderOrFollowerException e) {
            throw new NotCoordinatorException("This node no longer leads " + tp, e);
        } catch (UnknownTopicOrPartitionException | KafkaStorageException | IOException e) {
            throw new CoordinatorNotAvailableException("Cannot write to " + tp + ": " + e.getMessage(), e);
        } catch (RecordTooLargeException | RecordBatchTooLargeException e) {
            throw new InvalidCommitOffsetSizeException("The commit is too large for " + tp + ": " + e.getMessage());
        } catch (KafkaException e) {
            throw new UnknownServerException("Cannot write to " + tp + ": " + e.getMessage(), e);
        }
    }
}
