package io.partita.engine.group;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogReadInfo;
import io.partita.engine.log.PartitionLog;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Group metadata and committed offsets as records of the internal topic {@code __consumer_offsets} (format:
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
    /** Read size of one replay step; a larger batch is still read whole. */
    private static final int REPLAY_READ_BYTES = 1024 * 1024;

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final OffsetsTopicConfig config;
    private final Clock clock;
    private final InMemoryGroupStore offsets;
    /** Groups that have a group-metadata record, so that deleting one writes its tombstone only when needed. */
    private final Set<String> storedGroups = new HashSet<>();

    public OffsetsTopicStore(int nodeId, ClusterMetadata cluster, ReplicaManager replicas, OffsetsTopicConfig config,
                             Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
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
        LeadershipTracker tracker = new LeadershipTracker(listener);
        cluster.observeTopics((name, now) -> {
            if (name.equals(Topic.GROUP_METADATA_TOPIC_NAME)) tracker.update(now);
        });
        tracker.update(cluster.topic(Topic.GROUP_METADATA_TOPIC_NAME));
    }

    /** Turns metadata changes of the offsets topic into the leadership changes of this node; thread-safe. */
    private final class LeadershipTracker {
        private final Leadership listener;
        /** Partition to leader epoch, of the partitions this node leads. Guarded by {@code this}. */
        private final Map<Integer, Integer> led = new HashMap<>();

        LeadershipTracker(Leadership listener) {
            this.listener = listener;
        }

        synchronized void update(Optional<TopicMetadata> topic) {
            Map<Integer, Integer> now = new HashMap<>();
            topic.ifPresent(t -> t.partitions().stream().filter(p -> p.leader() == nodeId)
                    .forEach(p -> now.put(p.partition(), p.leaderEpoch())));
            for (Integer partition : List.copyOf(led.keySet())) {
                if (!now.containsKey(partition)) {
                    led.remove(partition);
                    listener.resigned(partition);
                }
            }
            now.forEach((partition, epoch) -> {
                if (!epoch.equals(led.put(partition, epoch))) listener.led(partition, epoch);
            });
        }
    }

    @Override
    public StoredPartition read(int partition) {
        TopicPartition tp = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partition);
        Map<String, StoredGroup> groups = new HashMap<>();
        InMemoryGroupStore offsets = new InMemoryGroupStore(nodeId);
        try {
            replay(tp, groups, offsets);
        } catch (IOException e) {
            throw new CoordinatorNotAvailableException("Cannot read " + tp + ": " + e.getMessage(), e);
        }
        Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
        offsets.groupIds().forEach(groupId -> byGroup.put(groupId, offsets.offsets(groupId)));
        long now = clock.millis();
        byGroup.keySet().forEach(groupId -> groups.putIfAbsent(groupId, StoredGroup.withoutMembersEver(now)));
        return new StoredPartition(groups, byGroup);
    }

    @Override
    public void install(int partition, StoredPartition stored) {
        offsets.install(partition, stored);
        storedGroups.addAll(stored.groups().keySet());
    }

    @Override
    public void unload(int partition) {
        for (String groupId : offsets.groupIds()) {
            if (partitionOf(groupId) == partition) offsets.deleteGroup(groupId);
        }
        storedGroups.removeIf(groupId -> partitionOf(groupId) == partition);
    }

    private void replay(TopicPartition tp, Map<String, StoredGroup> groups, InMemoryGroupStore offsets) throws IOException {
        PartitionLog log = replicas.leaderLog(tp);
        long next = log.logStartOffset();
        long end = log.logEndOffset();
        while (next < end) {
            LogReadInfo read = log.read(next, REPLAY_READ_BYTES, end, true);
            long before = next;
            for (RecordBatch batch : read.records().batches()) {
                for (Record record : batch) {
                    apply(record, groups, offsets);
                }
                next = batch.nextOffset();
            }
            if (next == before) {
                break;
            }
        }
    }

    private static void apply(Record record, Map<String, StoredGroup> groups, InMemoryGroupStore offsets) {
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
        if (key instanceof OffsetsTopicRecords.OffsetKey k) {
            if (record.hasValue()) {
                offsets.storeOffsets(k.groupId(), Map.of(k.partition(), OffsetsTopicRecords.readOffset(record.value())));
            } else {
                offsets.deleteOffsets(k.groupId(), Set.of(k.partition()));
            }
        } else if (record.hasValue()) {
            groups.put(key.groupId(), OffsetsTopicRecords.readGroup(record.value()));
        } else {
            groups.remove(key.groupId());
        }
    }

    @Override
    public OptionalInt coordinatorNodeId(String groupId) {
        TopicMetadata topic = cluster.topic(Topic.GROUP_METADATA_TOPIC_NAME).orElseGet(() -> cluster.internalTopic(
                Topic.GROUP_METADATA_TOPIC_NAME, config.numPartitions(), config.replicationFactor(), config.topicConfigs()));
        int leader = topic.partition(partitionFor(groupId, topic.partitionCount())).map(PartitionAssignment::leader).orElse(-1);
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
    public void storeGroup(String groupId, StoredGroup group) {
        append(groupId, List.of(record(OffsetsTopicRecords.groupKey(groupId), OffsetsTopicRecords.groupValue(group))));
        storedGroups.add(groupId);
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
        append(groupId, tombstones);
        offsets.deleteGroup(groupId);
        storedGroups.remove(groupId);
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
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(replicationError(tp, failure)));
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

    /** Kafka's coordinator answers for a write that did not reach the in-sync replicas. */
    private static ApiException replicationError(TopicPartition tp, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NotLeaderOrFollowerException) {
            return new NotCoordinatorException("This node no longer leads " + tp, cause);
        }
        return new CoordinatorNotAvailableException("The write to " + tp + " did not reach its in-sync replicas: "
                + cause.getMessage(), cause);
    }
}
