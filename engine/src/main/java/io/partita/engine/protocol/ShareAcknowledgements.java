package io.partita.engine.protocol;

import io.partita.engine.share.AcknowledgeType;
import io.partita.engine.share.SharePartition;
import io.partita.engine.share.SharePartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the acknowledgement batches of a ShareFetch or ShareAcknowledge request to one share partition, in the
 * request's order. The first batch that does not fit stops the rest: its error is the partition's acknowledge error
 * (as a share consumer treats the whole partition's acknowledgements of a request as one outcome).
 */
final class ShareAcknowledgements {

    /** One acknowledgement batch, whichever request carried it. */
    record Batch(long firstOffset, long lastOffset, List<Byte> types) {
    }

    private ShareAcknowledgements() {
    }

    static Errors apply(SharePartitions shares, String groupId, String memberId, TopicPartition partition,
                        List<Batch> batches) {
        if (batches.isEmpty()) return Errors.NONE;
        SharePartition held = shares.existing(groupId, partition);
        if (held == null) return Errors.INVALID_RECORD_STATE;
        long now = shares.now();
        for (Batch batch : batches) {
            List<AcknowledgeType> types = new ArrayList<>(batch.types().size());
            try {
                for (Byte id : batch.types()) types.add(AcknowledgeType.forId(id));
            } catch (IllegalArgumentException e) {
                return Errors.INVALID_REQUEST;
            }
            SharePartition.AckOutcome outcome = held.acknowledge(memberId, batch.firstOffset(), batch.lastOffset(), types, now);
            if (outcome == SharePartition.AckOutcome.INVALID_REQUEST) return Errors.INVALID_REQUEST;
            if (outcome == SharePartition.AckOutcome.INVALID_RECORD_STATE) return Errors.INVALID_RECORD_STATE;
        }
        return Errors.NONE;
    }
}
