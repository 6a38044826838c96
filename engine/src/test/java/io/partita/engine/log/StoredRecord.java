package io.partita.engine.log;

import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A record as read back from a log: its offset, key and value as text (null when absent; a null value is a
 * tombstone).
 */
record StoredRecord(long offset, String key, String value) {

    /** Every record from the log start to the log end, read as a consumer would, batch after batch. */
    static List<StoredRecord> readAll(PartitionLog log) throws IOException {
        List<StoredRecord> all = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            Records records = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records();
            if (records.sizeInBytes() == 0) break;
            for (RecordBatch batch : records.batches()) {
                for (Record r : batch) {
                    if (r.offset() >= next) all.add(new StoredRecord(r.offset(), text(r.key()), text(r.value())));
                }
                next = batch.nextOffset();
            }
        }
        return all;
    }

    private static String text(ByteBuffer bytes) {
        return bytes == null ? null : StandardCharsets.UTF_8.decode(bytes).toString();
    }
}
