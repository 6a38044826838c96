package io.partita.engine.log;

import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idempotence and transaction state of one producer id in one partition: its current epoch, its last (at most
 * {@link #MAX_BATCHES}) batches, oldest first, the epoch of the coordinator that wrote its last marker, the first
 * offset of its ongoing transaction and the timestamp of its last batch or marker. Immutable.
 *
 * @param coordinatorEpoch      the coordinator epoch of the producer's last marker, or -1
 * @param currentTxnFirstOffset the first offset of the producer's open transaction here, or {@link #NO_TXN}
 * @param lastTimestamp         the max timestamp of its last batch or marker, or {@link RecordBatch#NO_TIMESTAMP}
 */
record ProducerEntry(long producerId, short epoch, List<BatchMetadata> batches, int coordinatorEpoch,
                     long currentTxnFirstOffset, long lastTimestamp) {

    /** As many in-flight requests as a producer may have with idempotence on: retries of these are deduplicated. */
    static final int MAX_BATCHES = 5;
    static final long NO_TXN = -1L;
    static final int NO_COORDINATOR_EPOCH = -1;

    ProducerEntry {
        batches = List.copyOf(batches);
    }

    /** A producer this partition has not seen yet. */
    static ProducerEntry empty(long producerId, short epoch) {
        return new ProducerEntry(producerId, epoch, List.of(), NO_COORDINATOR_EPOCH, NO_TXN, RecordBatch.NO_TIMESTAMP);
    }

    /** The last sequence number appended, or {@link RecordBatch#NO_SEQUENCE}. */
    int lastSeq() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.get(batches.size() - 1).lastSeq();
    }

    /** The last offset of the last data batch remembered, or -1. */
    long lastDataOffset() {
        return batches.isEmpty() ? -1L : batches.get(batches.size() - 1).lastOffset();
    }

    boolean hasOngoingTxn() {
        return currentTxnFirstOffset != NO_TXN;
    }

    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) return Optional.empty();
        return batches.stream().filter(b -> b.firstSeq() == firstSeq && b.lastSeq() == lastSeq).findFirst();
    }

    /**
     * This entry after a data batch of {@code batchEpoch} ({@code batch} null when it carried no sequence); a new
     * epoch forgets the batches of the old one. A transactional batch opens a transaction at {@code firstOffset}
     * unless one is open.
     */
    ProducerEntry withBatch(short batchEpoch, BatchMetadata batch, boolean transactional, long firstOffset, long timestamp) {
        List<BatchMetadata> next = new ArrayList<>(batchEpoch == epoch ? batches : List.of());
        if (batch != null) next.add(batch);
        while (next.size() > MAX_BATCHES) next.remove(0);
        long txn = transactional && !hasOngoingTxn() ? firstOffset : currentTxnFirstOffset;
        return new ProducerEntry(producerId, batchEpoch, next, coordinatorEpoch, txn, timestamp);
    }

    /** This entry after a commit or abort marker: no transaction is open; a new epoch forgets the old batches. */
    ProducerEntry withTxnEnded(short markerEpoch, int markerCoordinatorEpoch, long timestamp) {
        List<BatchMetadata> kept = markerEpoch == epoch ? batches : List.of();
        return new ProducerEntry(producerId, markerEpoch, kept, markerCoordinatorEpoch, NO_TXN, timestamp);
    }
}
