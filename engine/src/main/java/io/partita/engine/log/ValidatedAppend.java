package io.partita.engine.log;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import java.util.List;

/**
 * Record batches that passed the checks for an append, with what the log needs to know about them as a whole.
 *
 * @param records      the batches to write (a request's trailing partial batch already cut off)
 * @param batches      views of {@code records}' batches, in order; changing them changes {@code records}
 * @param recordCount  the number of records over all batches
 * @param maxTimestamp the largest batch max timestamp as sent
 */
record ValidatedAppend(MemoryRecords records, List<MutableRecordBatch> batches, int recordCount, long maxTimestamp) {

    boolean isEmpty() {
        return batches.isEmpty();
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }
}
