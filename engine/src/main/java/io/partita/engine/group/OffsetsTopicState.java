package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the records of {@code __consumer_offsets} say, as far as they were replayed: every group's committed offsets,
 * the offsets pending in transactions, and every group's latest metadata record (of one kind: classic, consumer or
 * share). {@link #replay} is the one path by which it changes: the group coordinator replays each record it wrote once
 * the store appended it, and the store replays a partition's records into a fresh state when this node comes to lead
 * it; so the state never says what the log does not.
 *
 * <p>Invariants: a group has at most one metadata record; a group's offsets map is never empty (a group whose last
 * offset went is left out). Not thread-safe: confined to one thread (the coordinator's, or the loader's for a
 * partition being read).
 */
final class OffsetsTopicState {

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    private final PendingTxnOffsets pending = new PendingTxnOffsets();
    private final Map<String, GroupRecord> metadata = new HashMap<>();

    /** Applies one record, as written or as read back. */
    void replay(GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit r) {
            if (r.offset() != null) {
                offsets.computeIfAbsent(r.groupId(), g -> new HashMap<>()).put(r.partition(), r.offset());
            } else {
                removeOffset(r.groupId(), r.partition());
            }
        } else if (record instanceof GroupRecord.PendingOffsetCommit r) {
            if (r.offset() != null) {
                pending.add(r.producerId(), r.groupId(), Map.of(r.partition(), r.offset()));
            } else {
                pending.remove(r.producerId(), r.groupId(), r.partition());
            }
        } else if (isTombstone(record)) {
            metadata.remove(record.groupId());
        } else {
            metadata.put(record.groupId(), record);
        }
    }

    /**
     * Applies the marker of {@code producerId}'s transaction as it reaches a partition: the offsets it left pending
     * in the groups {@code inPartition} accepts become committed (or are dropped on abort).
     */
    void replayTransactionEnd(long producerId, short producerEpoch, boolean commit, Predicate<String> inPartition) {
        Map<String, Map<TopicPartition, CommittedOffset>> ended = pending.end(producerId, producerEpoch, inPartition);
        if (commit) {
            ended.forEach((groupId, committed) -> offsets.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(committed));
        }
    }

    private void removeOffset(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
        if (group != null) {
            group.remove(tp);
            if (group.isEmpty()) offsets.remove(groupId);
        }
    }

    private static boolean isTombstone(GroupRecord record) {
        if (record instanceof GroupRecord.ClassicGroupMetadata r) return r.group() == null;
        if (record instanceof GroupRecord.ConsumerGroupMetadata r) return r.group() == null;
        return ((GroupRecord.ShareGroupMetadata) record).group() == null;
    }

    /** Every offset the group committed; empty when none. */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> group = offsets.get(groupId);
        return group == null ? Map.of() : Map.copyOf(group);
    }

    /** The offsets {@code producerId}'s open transaction holds in the groups {@code inPartition} accepts. */
    Map<String, Map<TopicPartition, CommittedOffset>> pendingOffsets(long producerId, Predicate<String> inPartition) {
        return pending.held(producerId, inPartition);
    }

    /** @throws org.apache.kafka.common.errors.ProducerFencedException when a later epoch already ended a transaction */
    void checkProducerEpoch(long producerId, short producerEpoch) {
        pending.checkEpoch(producerId, producerEpoch);
    }

    /** The group's metadata record; null when it has none. */
    GroupRecord metadata(String groupId) {
        return metadata.get(groupId);
    }

    /** Every group with metadata or committed offsets. */
    Set<String> groupIds() {
        Set<String> ids = new HashSet<>(metadata.keySet());
        ids.addAll(offsets.keySet());
        return ids;
    }

    /** Takes in what a partition just read holds (its groups are not in this state yet). */
    void addAll(OffsetsTopicState loaded) {
        loaded.offsets.forEach((groupId, committed) -> offsets.put(groupId, new HashMap<>(committed)));
        metadata.putAll(loaded.metadata);
        pending.addAll(loaded.pending.snapshot());
    }

    /** Forgets the groups {@code inPartition} accepts (their partition is no longer served here). */
    void drop(Predicate<String> inPartition) {
        offsets.keySet().removeIf(inPartition);
        metadata.keySet().removeIf(inPartition);
        pending.removeGroups(inPartition);
    }
}
