package io.partita.engine.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotence and transaction checks and pending producer-state changes of one append, applied to the table only
 * by {@link #commit()} once the batches are in the log; dropped otherwise. Later batches of the same append are
 * checked against the pending state of earlier ones.
 *
 * <p>The rules are those of Kafka's idempotent and transactional producer (KIP-98, KIP-360): a retry of one of the
 * producer's last five batches is a duplicate; an older epoch is fenced; a newer epoch starts at sequence 0; within
 * an epoch each batch continues the previous sequence; a producer the partition knows nothing about may start
 * anywhere. A transactional batch opens the producer's transaction here unless one is open; a non-transactional
 * batch while one is open is refused. A commit or abort marker (only the coordinator writes them) must carry the
 * producer's current epoch or a newer one and a coordinator epoch no older than the last marker's; it closes the
 * transaction; {@link #commit()} reports the aborted ones for the segment's {@link TransactionIndex}.
 *
 * <p>Not thread-safe: used under the owning log's append lock.
 */
final class ProducerStateUpdate {

    private final ProducerStateTable table;
    private final Map<Long, ProducerEntry> pending = new HashMap<>();
    private final List<AbortedTxn> aborted = new ArrayList<>();

    ProducerStateUpdate(ProducerStateTable table) {
        this.table = table;
    }

    /** The earlier append this batch retries, if it is one. */
    Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (!batch.hasProducerId() || batch.isControlBatch()) return Optional.empty();
        return current(batch.producerId()).flatMap(e -> e.findDuplicate(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence()));
    }

    /**
     * Checks a batch a client or the coordinator appends against the producer's state and records it as appended
     * at {@code firstOffset..lastOffset}.
     *
     * @throws InvalidProducerEpochException          when the batch's epoch is older than the producer's
     * @throws OutOfOrderSequenceException            when the batch does not continue the producer's sequence
     * @throws InvalidTxnStateException               a non-transactional batch while the producer's transaction is open
     * @throws TransactionCoordinatorFencedException  a marker from an older coordinator than the last marker's
     */
    void checkAndRecord(RecordBatch batch, long firstOffset, long lastOffset, long maxTimestamp, TopicPartition tp) {
        if (!batch.hasProducerId()) return;
        long producerId = batch.producerId();
        short epoch = batch.producerEpoch();
        Optional<ProducerEntry> current = current(producerId);
        if (current.isPresent() && epoch < current.get().epoch()) {
            throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset " + firstOffset
                    + " in " + tp + " is " + epoch + ", which is smaller than the last seen epoch " + current.get().epoch());
        }
        if (batch.isControlBatch()) {
            Optional<EndTransactionMarker> marker = endTxnMarker(batch);
            if (marker.isPresent()) {
                int lastCoordinatorEpoch = current.map(ProducerEntry::coordinatorEpoch).orElse(ProducerEntry.NO_COORDINATOR_EPOCH);
                if (marker.get().coordinatorEpoch() < lastCoordinatorEpoch) {
                    throw new TransactionCoordinatorFencedException("Invalid coordinator epoch for producer " + producerId
                            + " at offset " + firstOffset + " in " + tp + ": " + marker.get().coordinatorEpoch()
                            + " (zombie), " + lastCoordinatorEpoch + " (current)");
                }
            }
            recordControl(batch, firstOffset, maxTimestamp);
            return;
        }
        int firstSeq = batch.baseSequence();
        if (current.isPresent()) {
            ProducerEntry entry = current.get();
            if (epoch > entry.epoch()) {
                if (firstSeq != 0) {
                    throw new OutOfOrderSequenceException("Invalid sequence number for new epoch of producer " + producerId
                            + " at offset " + firstOffset + " in partition " + tp + ": " + epoch + " (request epoch), "
                            + firstSeq + " (seq. number), " + entry.epoch() + " (current producer epoch)");
                }
            } else if (DefaultRecordBatch.incrementSequence(entry.lastSeq(), 1) != firstSeq) {
                // An entry without batches (its epoch came with a marker) continues from NO_SEQUENCE: at 0.
                throw new OutOfOrderSequenceException("Out of order sequence number for producer " + producerId
                        + " at offset " + firstOffset + " in partition " + tp + ": " + firstSeq
                        + " (incoming seq. number), " + entry.lastSeq() + " (current end sequence number)");
            }
            if (!batch.isTransactional() && entry.hasOngoingTxn()) {
                throw new InvalidTxnStateException("Expected transactional write from producer " + producerId
                        + " at offset " + firstOffset + " in partition " + tp);
            }
        }
        ProducerEntry base = current.orElse(ProducerEntry.empty(producerId, epoch));
        pending.put(producerId, base.withBatch(epoch, new BatchMetadata(firstSeq, batch.lastSequence(), firstOffset, lastOffset,
                maxTimestamp), batch.isTransactional(), firstOffset, maxTimestamp));
    }

    /** Records a batch that is already in a log (replicated from the leader, or read back on open) without judging it. */
    void record(RecordBatch batch) {
        if (!batch.hasProducerId()) return;
        if (batch.isControlBatch()) {
            recordControl(batch, batch.baseOffset(), batch.maxTimestamp());
            return;
        }
        ProducerEntry base = current(batch.producerId()).orElse(ProducerEntry.empty(batch.producerId(), batch.producerEpoch()));
        BatchMetadata metadata = batch.baseSequence() == RecordBatch.NO_SEQUENCE ? null : new BatchMetadata(
                batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
        pending.put(batch.producerId(), base.withBatch(batch.producerEpoch(), metadata, batch.isTransactional(),
                batch.baseOffset(), batch.maxTimestamp()));
    }

    /**
     * Applies the pending changes to the table.
     *
     * @return the transactions the appended abort markers ended, in log order
     */
    List<AbortedTxn> commit() {
        table.putAll(pending);
        pending.clear();
        if (aborted.isEmpty()) return List.of();
        List<AbortedTxn> done = List.copyOf(aborted);
        aborted.clear();
        return done;
    }

    /** A commit or abort marker closes the producer's transaction; other control batches change nothing. */
    private void recordControl(RecordBatch batch, long offset, long timestamp) {
        Optional<EndTransactionMarker> marker = endTxnMarker(batch);
        if (marker.isEmpty()) return;
        long producerId = batch.producerId();
        ProducerEntry base = current(producerId).orElse(ProducerEntry.empty(producerId, batch.producerEpoch()));
        long firstOffset = base.hasOngoingTxn() ? base.currentTxnFirstOffset() : offset;
        pending.put(producerId, base.withTxnEnded(batch.producerEpoch(), marker.get().coordinatorEpoch(), timestamp));
        if (marker.get().controlType() == ControlRecordType.ABORT) {
            aborted.add(new AbortedTxn(producerId, firstOffset, offset, Math.min(firstUnstableOffset(), offset + 1)));
        }
    }

    /** The first offset of the earliest transaction open now, counting this append's changes so far. */
    private long firstUnstableOffset() {
        long first = table.firstOngoingOffsetExcept(pending.keySet());
        for (ProducerEntry e : pending.values()) {
            if (e.hasOngoingTxn()) first = Math.min(first, e.currentTxnFirstOffset());
        }
        return first;
    }

    /** The commit or abort marker a control batch carries; empty for other control records. */
    private static Optional<EndTransactionMarker> endTxnMarker(RecordBatch batch) {
        Iterator<Record> records = batch.iterator();
        if (!records.hasNext()) throw new InvalidRecordException("Control batch at offset " + batch.baseOffset() + " has no record");
        Record record = records.next();
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) return Optional.empty();
        return Optional.of(EndTransactionMarker.deserialize(record));
    }

    private Optional<ProducerEntry> current(long producerId) {
        ProducerEntry p = pending.get(producerId);
        return p != null ? Optional.of(p) : table.entry(producerId);
    }
}
