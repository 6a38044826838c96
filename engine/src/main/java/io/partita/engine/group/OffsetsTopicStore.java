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
import org.apache.kafka.common.errors.ApiException;
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
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Group metadata (classic, consumer-protocol and share groups) and committed offsets as records of the internal topic {@code __consumer_offsets} (format:
 * {@link OffsetsTopicRecords}). A group belongs to partition {@code abs(groupId.hashCode()) % partitions}, as in
 * Kafka, and is coordinated by that partition's leader. Every write is appended to the partition through
 * {@link ReplicaManager#appendAsLeader}; an offset commit is complete once every in-sync replica has it. Reads are
 * answered from memory, filled by {@link #read replaying} each partition when this node comes to lead it
 * (leadership is followed through the cluster metadata) and emptied when it stops.
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
    private final InMemoryGroupStore offsets;
    private final PendingTxnOffsets pending = new PendingTxnOffsets();
    /** Groups that have a group-metadata record, so that deleting one writes its tombstone only when needed. */
    private final Set<String> storedGroups = new HashSet<>();
    /** Consumer-protocol groups that have a record, so that a group of the other kind writes its tombstone. */
    private final Set<String> consumerGroups = new HashSet<>();
    /** Share groups that have a record, so that deleting one writes its tombstone. */
    private final Set<String> shareGroups = new HashSet<>();

    public OffsetsTopicStore(int nodeId, ClusterMetadata cluster, InternalTopics internalTopics, ReplicaManager replicas,
                             OffsetsTopicConfig config, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.internalTopics = internalTopics;
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
        this.offsets = new InMemoryGroupStore(nodeId);
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

    @Override
    public StoredPartition read(int partition) {
        TopicPartition tp = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partition);
        PartitionReplay replay = new PartitionReplay(nodeId);
        try {
            LogReplay.forEachBatch(replicas.leaderLog(tp), replay::apply);
        } catch (IOException e) {
            throw new CoordinatorNotAvailableException("Cannot read " + tp + ": " + e.getMessage(), e);
        }
        return replay.stored(clock.millis());
    }

    @Override
    public void install(int partition, StoredPartition stored) {
        offsets.install(partition, stored);
        pending.addAll(stored.pendingOffsets());
        storedGroups.addAll(stored.groups().keySet());
        consumerGroups.addAll(stored.consumerGroups().keySet());
        shareGroups.addAll(stored.shareGroups().keySet());
    }

    @Override
    public void unload(int partition) {
        for (String groupId : offsets.groupIds()) {
            if (partitionOf(groupId) == partition) offsets.deleteGroup(groupId);
        }
        pending.removeGroups(groupId -> partitionOf(groupId) == partition);
        storedGroups.removeIf(groupId -> partitionOf(groupId) == partition);
        consumerGroups.removeIf(groupId -> partitionOf(groupId) == partition);
        shareGroups.removeIf(groupId -> partitionOf(groupId) == partition);
    }

    /**
     * What the replay of one partition finds, record by record: groups of every kind, offsets, and pending
     * transactional offsets, which the partition's transaction markers commit or drop. Confined to one read.
     */
    private static final class PartitionReplay {
        private final Map<String, StoredGroup> groups = new HashMap<>();
        private final Map<String, StoredConsumerGroup> consumerGroups = new HashMap<>();
        private final Map<String, StoredShareGroup> shareGroups = new HashMap<>();
        private final InMemoryGroupStore offsets;
        private final PendingTxnOffsets pending = new PendingTxnOffsets();

        PartitionReplay(int nodeId) {
            this.offsets = new InMemoryGroupStore(nodeId);
        }

        void apply(RecordBatch batch) {
            for (Record record : batch) {
                if (batch.isControlBatch()) {
                    applyMarker(batch, record);
                } else {
                    apply(record);
                }
            }
        }

        /** A transaction marker: the producer's pending offsets before it are committed or dropped. */
        private void applyMarker(RecordBatch batch, Record record) {
            ControlRecordType type = ControlRecordType.parse(record.key());
            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                Map<String, Map<TopicPartition, CommittedOffset>> ended = pending.end(batch.producerId(), batch.producerEpoch(),
                        groupId -> true);
                if (type == ControlRecordType.COMMIT) ended.forEach(offsets::storeOffsets);
            }
        }

        private void apply(Record record) {
            if (!record.hasKey()) {
                return;
            }
            OffsetsTopicRecords.Key key;
            try {
                key = OffsetsTopicRecords.readKey(record.key());
            } catch (RuntimeException unknown) {
                LOG.log(System.Logger.Level.WARNING, "Skipping record " + record.offset() + " of "
                        + Topic.GROUP_METADATA_TOPIC_NAME + ": " + unknown.getMessage());
                return;
            }
            if (key instanceof OffsetsTopicRecords.PendingOffsetKey k) {
                if (record.hasValue()) {
                    pending.add(k.producerId(), k.groupId(), Map.of(k.partition(), OffsetsTopicRecords.readOffset(record.value())));
                } else {
                    pending.remove(k.producerId(), k.groupId(), k.partition());
                }
            } else if (key instanceof OffsetsTopicRecords.OffsetKey k) {
                if (record.hasValue()) {
                    offsets.storeOffsets(k.groupId(), Map.of(k.partition(), OffsetsTopicRecords.readOffset(record.value())));
                } else {
                    offsets.deleteOffsets(k.groupId(), Set.of(k.partition()));
                }
            } else if (key instanceof OffsetsTopicRecords.ShareGroupKey) {
                if (record.hasValue()) {
                    shareGroups.put(key.groupId(), OffsetsTopicRecords.readShareGroup(record.value()));
                } else {
                    shareGroups.remove(key.groupId());
                }
            } else if (key instanceof OffsetsTopicRecords.ConsumerGroupKey) {
                if (record.hasValue()) {
                    consumerGroups.put(key.groupId(), OffsetsTopicRecords.readConsumerGroup(record.value()));
                } else {
                    consumerGroups.remove(key.groupId());
                }
            } else if (record.hasValue()) {
                groups.put(key.groupId(), OffsetsTopicRecords.readGroup(record.value()));
            } else {
                groups.remove(key.groupId());
            }
        }

        /** Groups that only have offsets are classic groups that never had members, as in Kafka. */
        StoredPartition stored(long now) {
            Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
            offsets.groupIds().forEach(groupId -> byGroup.put(groupId, offsets.offsets(groupId)));
            byGroup.keySet().forEach(groupId -> {
                if (!consumerGroups.containsKey(groupId) && !shareGroups.containsKey(groupId)) {
                    groups.putIfAbsent(groupId, StoredGroup.withoutMembersEver(now));
                }
            });
            return new StoredPartition(groups, consumerGroups, shareGroups, byGroup, pending.snapshot());
        }
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

    @Override
    public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> committed) {
        List<SimpleRecord> records = new ArrayList<>(committed.size());
        committed.forEach((tp, offset) -> records.add(record(OffsetsTopicRecords.offsetKey(groupId, tp),
                OffsetsTopicRecords.offsetValue(offset))));
        CompletableFuture<Void> replicated;
        try {
            replicated = append(groupId, records);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        offsets.storeOffsets(groupId, committed);
        return replicated;
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return offsets.offsets(groupId);
    }

    @Override
    public void deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> committed = offsets.offsets(groupId);
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (committed.containsKey(tp)) {
                tombstones.add(record(OffsetsTopicRecords.offsetKey(groupId, tp), null));
            }
        }
        append(groupId, tombstones);
        offsets.deleteOffsets(groupId, partitions);
    }

    @Override
    public CompletableFuture<Void> storePendingOffsets(String groupId, long producerId, short producerEpoch,
                                                       Map<TopicPartition, CommittedOffset> committed) {
        pending.checkEpoch(producerId, producerEpoch);
        List<SimpleRecord> records = new ArrayList<>(committed.size());
        committed.forEach((tp, offset) -> records.add(record(OffsetsTopicRecords.pendingOffsetKey(groupId, producerId, tp),
                OffsetsTopicRecords.offsetValue(offset))));
        CompletableFuture<Void> replicated = append(groupId, records);
        pending.add(producerId, groupId, committed);
        return replicated;
    }

    /**
     * Writes, per group, the committed offsets (on commit) and the tombstones of the pending ones in one batch. The
     * marker is already in the partition, so a crash before this write is repaired by the next {@link #read}.
     */
    @Override
    public void transactionEnded(long producerId, short producerEpoch, int offsetsPartition, boolean commit) {
        Map<String, Map<TopicPartition, CommittedOffset>> ended = pending.end(producerId, producerEpoch,
                groupId -> partitionOf(groupId) == offsetsPartition);
        ended.forEach((groupId, committed) -> {
            List<SimpleRecord> records = new ArrayList<>();
            committed.forEach((tp, offset) -> {
                if (commit) records.add(record(OffsetsTopicRecords.offsetKey(groupId, tp), OffsetsTopicRecords.offsetValue(offset)));
                records.add(record(OffsetsTopicRecords.pendingOffsetKey(groupId, producerId, tp), null));
            });
            if (commit) offsets.storeOffsets(groupId, committed);
            try {
                append(groupId, records);
            } catch (ApiException e) {
                LOG.log(System.Logger.Level.WARNING, "The end of transaction " + producerId + " in group " + groupId
                        + " is not stored yet (the marker is, so it is applied again at load): " + e.getMessage());
            }
        });
    }

    /**
     * The group's partition of {@code __consumer_offsets}, at the partition count it has or will be created with.
     * Reads only the cluster metadata: safe on any thread.
     */
    public TopicPartition offsetsPartition(String groupId) {
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partitionOf(groupId));
    }

    @Override
    public void storeGroup(String groupId, StoredGroup group) {
        List<SimpleRecord> records = new ArrayList<>(2);
        if (consumerGroups.contains(groupId)) {
            records.add(record(OffsetsTopicRecords.consumerGroupKey(groupId), null));
        }
        records.add(record(OffsetsTopicRecords.groupKey(groupId), OffsetsTopicRecords.groupValue(group)));
        append(groupId, records);
        consumerGroups.remove(groupId);
        storedGroups.add(groupId);
    }

    @Override
    public void storeConsumerGroup(String groupId, StoredConsumerGroup group) {
        List<SimpleRecord> records = new ArrayList<>(2);
        if (storedGroups.contains(groupId)) {
            records.add(record(OffsetsTopicRecords.groupKey(groupId), null));
        }
        records.add(record(OffsetsTopicRecords.consumerGroupKey(groupId), OffsetsTopicRecords.consumerGroupValue(group)));
        append(groupId, records);
        storedGroups.remove(groupId);
        consumerGroups.add(groupId);
    }

    @Override
    public void storeShareGroup(String groupId, StoredShareGroup group) {
        append(groupId, List.of(record(OffsetsTopicRecords.shareGroupKey(groupId), OffsetsTopicRecords.shareGroupValue(group))));
        shareGroups.add(groupId);
    }

    @Override
    public void deleteGroup(String groupId) {
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (TopicPartition tp : offsets.offsets(groupId).keySet()) {
            tombstones.add(record(OffsetsTopicRecords.offsetKey(groupId, tp), null));
        }
        if (storedGroups.contains(groupId)) {
            tombstones.add(record(OffsetsTopicRecords.groupKey(groupId), null));
        }
        if (consumerGroups.contains(groupId)) {
            tombstones.add(record(OffsetsTopicRecords.consumerGroupKey(groupId), null));
        }
        if (shareGroups.contains(groupId)) {
            tombstones.add(record(OffsetsTopicRecords.shareGroupKey(groupId), null));
        }
        append(groupId, tombstones);
        offsets.deleteGroup(groupId);
        storedGroups.remove(groupId);
        consumerGroups.remove(groupId);
        shareGroups.remove(groupId);
    }

    private SimpleRecord record(byte[] key, byte[] value) {
        return new SimpleRecord(clock.millis(), key, value);
    }

    /**
     * Appends the records to the group's partition as one batch, so that they are stored all or none; the future
     * completes when every in-sync replica has them (as Kafka's coordinator writes with acks=all).
     */
    private CompletableFuture<Void> append(String groupId, List<SimpleRecord> records) {
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
