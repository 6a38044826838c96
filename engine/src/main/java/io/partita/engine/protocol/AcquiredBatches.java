package io.partita.engine.protocol;

import io.partita.engine.log.AbortedTxn;
import io.partita.engine.share.AcquiredRange;
import io.partita.engine.share.BatchSpan;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The record batches a share fetch read from a log, with where each lies in what was read, so that the answer can
 * carry only the batches between the first and the last acquired record. Immutable.
 */
final class AcquiredBatches {

    private final Records records;
    private final List<BatchSpan> spans;
    private final int[] positions;
    private final int[] sizes;

    private AcquiredBatches(Records records, List<BatchSpan> spans, int[] positions, int[] sizes) {
        this.records = records;
        this.spans = spans;
        this.positions = positions;
        this.sizes = sizes;
    }

    /**
     * The batches of {@code records} up to the first that reaches {@code lastWanted}: a share fetch can acquire no
     * further than that, and the headers of a file's batches are read one by one, so walking a whole read of
     * MaxBytes for a few records would cost a read per batch. A batch of one of the {@code aborted} transactions
     * (read_committed: those the read overlaps; else none) is withheld, as a transaction marker's is.
     */
    static AcquiredBatches of(Records records, long lastWanted, List<AbortedTxn> aborted) {
        List<BatchSpan> spans = new ArrayList<>();
        List<int[]> places = new ArrayList<>();
        int position = 0;
        for (RecordBatch batch : records.batches()) {
            if (!spans.isEmpty() && spans.get(spans.size() - 1).lastOffset() >= lastWanted) break;
            int size = batch.sizeInBytes();
            boolean withheld = batch.isControlBatch() || batch.isTransactional() && abortedIn(aborted, batch);
            spans.add(new BatchSpan(batch.baseOffset(), batch.lastOffset(), withheld));
            places.add(new int[] {position, size});
            position += size;
        }
        int[] positions = new int[places.size()];
        int[] sizes = new int[places.size()];
        for (int i = 0; i < places.size(); i++) {
            positions[i] = places.get(i)[0];
            sizes[i] = places.get(i)[1];
        }
        return new AcquiredBatches(records, List.copyOf(spans), positions, sizes);
    }

    /** Whether {@code batch} belongs to one of the {@code aborted} transactions (its producer's, before its marker). */
    private static boolean abortedIn(List<AbortedTxn> aborted, RecordBatch batch) {
        for (AbortedTxn txn : aborted) {
            if (txn.producerId() == batch.producerId() && txn.firstOffset() <= batch.baseOffset()
                    && batch.lastOffset() < txn.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    List<BatchSpan> spans() {
        return spans;
    }

    /** The read batches from the one holding the first acquired offset to the one holding the last. */
    Records covering(List<AcquiredRange> acquired) {
        long first = acquired.get(0).first();
        long last = acquired.get(acquired.size() - 1).last();
        int from = -1;
        int to = -1;
        for (int i = 0; i < spans.size(); i++) {
            if (from < 0 && spans.get(i).lastOffset() >= first) from = i;
            if (spans.get(i).baseOffset() <= last) to = i;
        }
        int start = positions[from];
        int size = positions[to] + sizes[to] - start;
        if (start == 0 && size == records.sizeInBytes()) return records;
        if (records instanceof FileRecords file) return file.slice(start, size);
        ByteBuffer buffer = ((MemoryRecords) records).buffer().duplicate();
        buffer.position(buffer.position() + start).limit(buffer.position() + size);
        return MemoryRecords.readableRecords(buffer.slice());
    }
}
