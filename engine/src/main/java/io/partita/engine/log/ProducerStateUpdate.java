package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotence checks and pending producer-state changes of one append, applied to the table only by {@link
 * #commit()} once the batches are in the log; dropped otherwise. Later batches of the same append are checked
 * against the pending state of earlier ones.
 *
 * <p>The rules are those of Kafka's idempotent producer (KIP-98, KIP-360): a retry of one of the producer's last
 * five batches is a duplicate; an older epoch is fenced; a newer epoch starts at sequence 0; within an epoch each
 * batch continues the previous sequence; a producer the partition knows nothing about may start anywhere.
 *
 * <p>Not thread-safe: used under the owning log's append lock.
 */
final class ProducerStateUpdate {

    private final ProducerStateTable table;
    private final Map<Long, ProducerEntry> pending = new HashMap<>();

    ProducerStateUpdate(ProducerStateTable table) {
        this.table = table;
    }

    /** The earlier append this batch retries, if it is one. */
    Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (!batch.hasProducerId()) return Optional.empty();
        return current(batch.producerId()).flatMap(e -> e.findDuplicate(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence()));
    }

    /**
     * Checks a client batch against the producer's state and records it as appended at {@code firstOffset..lastOffset}.
     *
     * @throws InvalidProducerEpochException when the batch's epoch is older than the producer's
     * @throws OutOfOrderSequenceException   when the batch does not continue the producer's sequence
     */
    void checkAndRecord(RecordBatch batch, long firstOffset, long lastOffset, long maxTimestamp, TopicPartition tp) {
        if (!batch.hasProducerId()) return;
        long producerId = batch.producerId();
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        Optional<ProducerEntry> current = current(producerId);
        if (current.isPresent()) {
            ProducerEntry entry = current.get();
            if (epoch < entry.epoch()) {
                throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset " + firstOffset
                        + " in " + tp + " is " + epoch + ", which is smaller than the last seen epoch " + entry.epoch());
            }
            if (epoch > entry.epoch()) {
                if (firstSeq != 0) {
                    throw new OutOfOrderSequenceException("Invalid sequence number for new epoch of producer " + producerId
                            + " at offset " + firstOffset + " in partition " + tp + ": " + epoch + " (request epoch), "
                            + firstSeq + " (seq. number), " + entry.epoch() + " (current producer epoch)");
                }
            } else {
                int lastSeq = entry.lastSeq();
                if (lastSeq != RecordBatch.NO_SEQUENCE && DefaultRecordBatch.incrementSequence(lastSeq, 1) != firstSeq) {
                    throw new OutOfOrderSequenceException("Out of order sequence number for producer " + producerId
                            + " at offset " + firstOffset + " in partition " + tp + ": " + firstSeq
                            + " (incoming seq. number), " + lastSeq + " (current end sequence number)");
                }
            }
        }
        ProducerEntry base = current.orElse(new ProducerEntry(producerId, epoch, java.util.List.of()));
        pending.put(producerId, base.with(epoch,
                new BatchMetadata(firstSeq, batch.lastSequence(), firstOffset, lastOffset, maxTimestamp)));
    }

    /** Records a batch replicated from the leader, which already judged it. */
    void record(RecordBatch batch) {
        if (!batch.hasProducerId()) return;
        ProducerEntry base = current(batch.producerId())
                .orElse(new ProducerEntry(batch.producerId(), batch.producerEpoch(), java.util.List.of()));
        BatchMetadata metadata = batch.baseSequence() == RecordBatch.NO_SEQUENCE ? null : new BatchMetadata(
                batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
        pending.put(batch.producerId(), base.with(batch.producerEpoch(), metadata));
    }

    void commit() {
        table.putAll(pending);
        pending.clear();
    }

    private Optional<ProducerEntry> current(long producerId) {
        ProducerEntry p = pending.get(producerId);
        return p != null ? Optional.of(p) : table.entry(producerId);
    }
}
