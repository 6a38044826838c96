package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

/**
 * One record of {@code __consumer_offsets}, decoded (encoding: {@link OffsetsTopicRecords}): what an operation of the
 * group coordinator writes, and what {@link OffsetsTopicState#replay} applies, live after a successful append as at
 * load. A record whose value is null is a tombstone: the offset, pending offset or group metadata it keys is gone.
 * The three kinds of group metadata share one key space by group id: a group is of one kind at a time.
 */
sealed interface GroupRecord {

    String groupId();

    /** A committed offset; {@code offset} null deletes it. */
    record OffsetCommit(String groupId, TopicPartition partition, CommittedOffset offset) implements GroupRecord {
    }

    /**
     * An offset committed inside the transaction of {@code producerId} (TxnOffsetCommit), which counts once the
     * transaction's commit marker follows it in the partition; {@code offset} null deletes it (the transaction ended).
     */
    record PendingOffsetCommit(String groupId, long producerId, TopicPartition partition, CommittedOffset offset)
            implements GroupRecord {
    }

    /** A classic group's last stored generation; {@code group} null deletes it. */
    record ClassicGroupMetadata(String groupId, StoredGroup group) implements GroupRecord {
    }

    /** A consumer-protocol group (KIP-848); {@code group} null deletes it. */
    record ConsumerGroupMetadata(String groupId, StoredConsumerGroup group) implements GroupRecord {
    }

    /** A share group (KIP-932); {@code group} null deletes it. */
    record ShareGroupMetadata(String groupId, StoredShareGroup group) implements GroupRecord {
    }
}
