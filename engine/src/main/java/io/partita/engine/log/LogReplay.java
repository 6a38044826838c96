package io.partita.engine.log;

import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a whole log back, batch by batch, from its start to its end as they are when the replay starts: how the
 * coordinators rebuild their state from their internal topics. Stateless.
 */
public final class LogReplay {

    /** Read size of one step; a larger batch is still read whole. */
    private static final int READ_BYTES = 1024 * 1024;

    private LogReplay() {
    }

    /** Hands every batch of {@code log}, control batches included, to {@code batches} in offset order. */
    public static void forEachBatch(PartitionLog log, Consumer<RecordBatch> batches) throws IOException {
        long next = log.logStartOffset();
        long end = log.logEndOffset();
        while (next < end) {
            LogReadInfo read = log.read(next, READ_BYTES, end, true);
            long before = next;
            for (RecordBatch batch : read.records().batches()) {
                batches.accept(batch);
                next = batch.nextOffset();
            }
            if (next == before) {
                break;
            }
        }
    }
}
