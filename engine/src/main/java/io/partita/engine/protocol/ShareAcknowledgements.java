package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.share.AcknowledgeType;
import io.partita.engine.share.DurableSharePartition;
import io.partita.engine.share.SharePartition;
import io.partita.engine.share.SharePartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /**
     * Applies the batches and, when any changed the share partition, makes the change durable before the answer:
     * the partition's acknowledge error is then the write's error, if it failed.
     */
    static CompletableFuture<Errors> apply(SharePartitions shares, String groupId, String memberId, TopicPartition partition,
                                           List<Batch> batches) {
        if (batches.isEmpty()) return CompletableFuture.completedFuture(Errors.NONE);
        DurableSharePartition held = shares.existing(groupId, partition);
        if (held == null) return CompletableFuture.completedFuture(Errors.INVALID_RECORD_STATE);
        long now = shares.now();
        Errors outcome = Errors.NONE;
        int applied = 0;
        for (Batch batch : batches) {
            outcome = apply(held.partition(), memberId, batch, now);
            if (outcome != Errors.NONE) break;
            applied++;
        }
        if (applied == 0) return CompletableFuture.completedFuture(outcome);
        shares.acknowledged(partition);
        Errors answer = outcome;
        return shares.persist(held).handle((written, failure) -> failure == null ? answer : Errors.forException(
                CompletionFailures.cause(failure)));
    }

    private static Errors apply(SharePartition partition, String memberId, Batch batch, long now) {
        List<AcknowledgeType> types = new ArrayList<>(batch.types().size());
        try {
            for (Byte id : batch.types()) types.add(AcknowledgeType.forId(id));
        } catch (IllegalArgumentException e) {
            return Errors.INVALID_REQUEST;
        }
        return switch (partition.acknowledge(memberId, batch.firstOffset(), batch.lastOffset(), types, now)) {
            case ACKNOWLEDGED -> Errors.NONE;
            case INVALID_REQUEST -> Errors.INVALID_REQUEST;
            case INVALID_RECORD_STATE -> Errors.INVALID_RECORD_STATE;
        };
    }
}
