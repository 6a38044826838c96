package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The committed offsets of classic and consumer-protocol groups (cf. Kafka's OffsetMetadataManager): commits, commits
 * inside transactions and their ends, fetches, deletions and expiry. Each change is a set of records written through
 * the {@link GroupRecordWriter}, so it is visible only once appended; reads come from the {@link OffsetsTopicState}.
 * The group coordinator checks, before it calls here, that it serves the group and that the group (or its member)
 * may do what is asked.
 *
 * <p>Confined to the coordinator's thread; the futures it returns complete on any thread.
 */
final class OffsetMetadataManager {

    private static final System.Logger LOG = System.getLogger(OffsetMetadataManager.class.getName());

    private final GroupConfig config;
    private final OffsetsTopicState state;
    private final GroupRecordWriter writer;
    private final Clock clock;

    OffsetMetadataManager(GroupConfig config, OffsetsTopicState state, GroupRecordWriter writer, Clock clock) {
        this.config = config;
        this.state = state;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Writes the offsets of a checked commit whose metadata fits ({@code offset.metadata.max.bytes}; others are
     * answered OFFSET_METADATA_TOO_LARGE), stamped now; runs {@code appended} once they are in the log. Answers an
     * error per partition once they are durable (or the store's error).
     */
    CompletableFuture<Map<TopicPartition, Errors>> commit(OffsetCommit commit, Runnable appended) {
        return write(commit, () -> { }, appended, (tp, offset) -> new GroupRecord.OffsetCommit(commit.groupId(), tp, offset));
    }

    /**
     * As {@link #commit}, inside the producer's transaction: the offsets are held pending, invisible to
     * {@link #fetch}, until {@link #transactionEnded}. A fenced producer epoch is answered PRODUCER_FENCED.
     */
    CompletableFuture<Map<TopicPartition, Errors>> commitTransactional(TxnOffsetCommit txnCommit, Runnable appended) {
        OffsetCommit commit = txnCommit.commit();
        return write(commit, () -> state.checkProducerEpoch(txnCommit.producerId(), txnCommit.producerEpoch()), appended,
                (tp, offset) -> new GroupRecord.PendingOffsetCommit(commit.groupId(), txnCommit.producerId(), tp, offset));
    }

    private interface RecordOf {
        GroupRecord of(TopicPartition tp, CommittedOffset offset);
    }

    /** @param check throws the error every offset that passed is answered instead of being written */
    private CompletableFuture<Map<TopicPartition, Errors>> write(OffsetCommit commit, Runnable check, Runnable appended,
                                                                 RecordOf recordOf) {
        long now = clock.millis();
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        List<GroupRecord> records = new ArrayList<>();
        commit.offsets().forEach((tp, offset) -> {
            String metadata = offset.metadata() == null ? "" : offset.metadata();
            if (metadata.length() > config.offsetMetadataMaxBytes()) {
                errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
            } else {
                records.add(recordOf.of(tp, new CommittedOffset(offset.offset(), offset.leaderEpoch(), metadata, now)));
                errors.put(tp, Errors.NONE);
            }
        });
        CompletableFuture<Void> durable;
        try {
            check.run();
            durable = writer.write(commit.groupId(), records);
            appended.run();
        } catch (ApiException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        return durable.handle((done, failure) -> {
            if (failure != null) {
                Errors error = Errors.forException(failure);
                errors.replaceAll((tp, e) -> e == Errors.NONE ? error : e);
            }
            return errors;
        });
    }

    /**
     * The marker of a producer's transaction is in a partition this node serves: the offsets it left pending in the
     * groups {@code inPartition} accepts become committed (or are dropped on abort), as the marker is replayed at load.
     * Then the committed offsets and the tombstones of the pending ones are written, so that compaction can drop the
     * pending records; a crash before that write is repaired by the marker at the next load.
     */
    void transactionEnded(long producerId, short producerEpoch, boolean commit, Predicate<String> inPartition) {
        Map<String, Map<TopicPartition, CommittedOffset>> ended = state.pendingOffsets(producerId, inPartition);
        state.replayTransactionEnd(producerId, producerEpoch, commit, inPartition);
        ended.forEach((groupId, offsets) -> {
            List<GroupRecord> records = new ArrayList<>();
            offsets.forEach((tp, offset) -> {
                if (commit) records.add(new GroupRecord.OffsetCommit(groupId, tp, offset));
                records.add(new GroupRecord.PendingOffsetCommit(groupId, producerId, tp, null));
            });
            try {
                writer.write(groupId, records);
            } catch (ApiException e) {
                LOG.log(System.Logger.Level.WARNING, "The end of transaction " + producerId + " in group " + groupId
                        + " is not stored yet (the marker is, so it is applied again at load): " + e.getMessage());
            }
        });
    }

    /** The group's committed offsets of the given partitions (those without one left out), or all when null. */
    Map<TopicPartition, CommittedOffset> fetch(String groupId, List<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> all = state.offsets(groupId);
        if (partitions == null) {
            return all;
        }
        Map<TopicPartition, CommittedOffset> wanted = new HashMap<>();
        for (TopicPartition tp : partitions) {
            CommittedOffset offset = all.get(tp);
            if (offset != null) wanted.put(tp, offset);
        }
        return wanted;
    }

    /** The committed offsets of these groups, by group id; groups without offsets are left out. */
    Map<String, Map<TopicPartition, Long>> committedOffsets(Collection<String> groupIds) {
        Map<String, Map<TopicPartition, Long>> all = new HashMap<>();
        for (String groupId : groupIds) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            state.offsets(groupId).forEach((tp, committed) -> offsets.put(tp, committed.offset()));
            if (!offsets.isEmpty()) all.put(groupId, offsets);
        }
        return all;
    }

    /**
     * Deletes the group's offsets of {@code partitions} except those of {@code subscribed} topics, which are answered
     * GROUP_SUBSCRIBED_TO_TOPIC (OffsetDelete); the store's error for all when it cannot write.
     */
    OffsetDeleteResult delete(String groupId, Set<TopicPartition> partitions, Set<String> subscribed) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        partitions.forEach(tp -> results.put(tp, subscribed.contains(tp.topic()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE));
        Set<TopicPartition> deletable = results.entrySet().stream().filter(e -> e.getValue() == Errors.NONE)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        try {
            delete(groupId, deletable);
            return new OffsetDeleteResult(Errors.NONE, results);
        } catch (ApiException e) {
            return OffsetDeleteResult.error(Errors.forException(e));
        }
    }

    /** Writes the tombstones of those of the group's offsets that exist. */
    void delete(String groupId, Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> committed = state.offsets(groupId);
        writer.write(groupId, partitions.stream().filter(committed::containsKey)
                .<GroupRecord>map(tp -> new GroupRecord.OffsetCommit(groupId, tp, null)).toList());
    }

    /**
     * The group's offsets older than {@code offsets.retention.minutes} at {@code now}, counted from
     * {@code agesFrom} when given (a classic group ages its offsets from when it became empty), else from each commit.
     */
    Set<TopicPartition> expired(String groupId, OptionalLong agesFrom, long now) {
        return state.offsets(groupId).entrySet().stream()
                .filter(e -> now - agesFrom.orElse(e.getValue().commitTimestampMs()) >= config.offsetsRetentionMs())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** How many offsets the group has committed. */
    int count(String groupId) {
        return state.offsets(groupId).size();
    }
}
