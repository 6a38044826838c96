package io.partita.engine.log;

import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idempotence state of one producer id in one partition: its current epoch and its last (at most {@link
 * #MAX_BATCHES}) batches, oldest first. Immutable.
 */
record ProducerEntry(long producerId, short epoch, List<BatchMetadata> batches) {

    /** As many in-flight requests as a producer may have with idempotence on: retries of these are deduplicated. */
    static final int MAX_BATCHES = 5;

    ProducerEntry {
        batches = List.copyOf(batches);
    }

    /** The last sequence number appended, or {@link RecordBatch#NO_SEQUENCE}. */
    int lastSeq() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.get(batches.size() - 1).lastSeq();
    }

    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) return Optional.empty();
        return batches.stream().filter(b -> b.firstSeq() == firstSeq && b.lastSeq() == lastSeq).findFirst();
    }

    /** This entry after a batch of {@code batchEpoch}: a new epoch forgets the batches of the old one. */
    ProducerEntry with(short batchEpoch, BatchMetadata batch) {
        List<BatchMetadata> next = new ArrayList<>(batchEpoch == epoch ? batches : List.of());
        if (batch != null) next.add(batch);
        while (next.size() > MAX_BATCHES) next.remove(0);
        return new ProducerEntry(producerId, batchEpoch, next);
    }
}
