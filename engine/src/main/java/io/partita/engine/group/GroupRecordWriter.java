package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the group coordinator's records: appends them to the group's partition of the {@link GroupStore} and, only
 * once the store has them, replays them into the {@link OffsetsTopicState}. A record the store refuses is never
 * replayed, so the state says what the log says. Also builds the records that keep the log's key space clean: a
 * group's metadata of another kind is deleted as the group changes kind, and a deleted group takes its offsets along.
 *
 * <p>Confined to the coordinator's thread.
 */
final class GroupRecordWriter {

    private final GroupStore store;
    private final OffsetsTopicState state;

    GroupRecordWriter(GroupStore store, OffsetsTopicState state) {
        this.store = store;
        this.state = state;
    }

    /**
     * Appends then replays the records of one group. The future completes when the store made them durable.
     *
     * @throws org.apache.kafka.common.errors.ApiException when the store appended nothing (nothing was replayed)
     */
    CompletableFuture<Void> write(String groupId, List<GroupRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable = store.append(groupId, records);
        records.forEach(state::replay);
        return durable;
    }

    /**
     * Writes a group's metadata, with the tombstone of the metadata of another kind the group had (an empty classic
     * group becomes a consumer group and back).
     */
    void writeMetadata(GroupRecord metadata) {
        List<GroupRecord> records = new ArrayList<>(2);
        GroupRecord before = state.metadata(metadata.groupId());
        if (before != null && before.getClass() != metadata.getClass()) {
            records.add(tombstone(before));
        }
        records.add(metadata);
        write(metadata.groupId(), records);
    }

    /** Deletes a group: its metadata of any kind and every offset it committed. */
    void deleteGroup(String groupId) {
        List<GroupRecord> tombstones = new ArrayList<>();
        for (TopicPartition tp : state.offsets(groupId).keySet()) {
            tombstones.add(new GroupRecord.OffsetCommit(groupId, tp, null));
        }
        GroupRecord metadata = state.metadata(groupId);
        if (metadata != null) {
            tombstones.add(tombstone(metadata));
        }
        write(groupId, tombstones);
    }

    private static GroupRecord tombstone(GroupRecord metadata) {
        if (metadata instanceof GroupRecord.ClassicGroupMetadata) {
            return new GroupRecord.ClassicGroupMetadata(metadata.groupId(), null);
        } else if (metadata instanceof GroupRecord.ConsumerGroupMetadata) {
            return new GroupRecord.ConsumerGroupMetadata(metadata.groupId(), null);
        }
        return new GroupRecord.ShareGroupMetadata(metadata.groupId(), null);
    }
}
