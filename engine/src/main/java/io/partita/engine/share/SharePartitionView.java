package io.partita.engine.share;

import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.StateBatch;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a share group stands in one partition, for operators (the admin API and the console): its share partition's
 * start and end, and the records in flight between them by state. Immutable.
 *
 * @param topic        the topic
 * @param partition    the partition
 * @param startOffset  the share-partition start offset: every record before it is done; -1 when the group has no
 *                     state for the partition (it never fetched it)
 * @param endOffset    the share-partition end offset: no record from it on was delivered yet; -1 likewise
 * @param available    records in flight waiting to be delivered again; as the durable state has it (see
 *                     {@code acquired}), also those a member holds now
 * @param acquired     records in flight a member holds now; -1 when not known here: only the partition's leader
 *                     knows, as acquisitions are stored as available
 * @param acknowledged records in flight that were accepted (behind a record not yet done)
 * @param archived     records in flight that were rejected, or released once too often
 */
public record SharePartitionView(String topic, int partition, long startOffset, long endOffset, long available,
                                 long acquired, long acknowledged, long archived) {

    /** The share partition as its leader holds it now. */
    static SharePartitionView held(TopicPartition tp, SharePartition.Snapshot now) {
        return new SharePartitionView(tp.topic(), tp.partition(), now.startOffset(), now.endOffset(), now.available(),
                now.acquired(), now.acknowledged(), now.archived());
    }

    /**
     * The share partition as its durable state has it. Offsets between the state's batches were never delivered, so
     * they count as available, as a leader restoring the state offers them.
     */
    static SharePartitionView stored(TopicPartition tp, ShareState state) {
        if (state.startOffset() < 0) return new SharePartitionView(tp.topic(), tp.partition(), -1, -1, 0, -1, 0, 0);
        long end = state.startOffset();
        long acknowledged = 0;
        long archived = 0;
        for (StateBatch batch : state.batches()) {
            long size = batch.lastOffset() - batch.firstOffset() + 1;
            if (batch.deliveryState() == StateBatch.ACKNOWLEDGED) acknowledged += size;
            if (batch.deliveryState() == StateBatch.ARCHIVED) archived += size;
            end = Math.max(end, batch.lastOffset() + 1);
        }
        return new SharePartitionView(tp.topic(), tp.partition(), state.startOffset(), end,
                end - state.startOffset() - acknowledged - archived, -1, acknowledged, archived);
    }
}
