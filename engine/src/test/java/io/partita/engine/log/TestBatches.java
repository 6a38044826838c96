package io.partita.engine.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds produce-style record batches with kafka-clients' own builders, and reads values back. */
final class TestBatches {

    private TestBatches() {
    }

    /** One uncompressed batch, one record per value, all with {@code timestamp}. */
    static MemoryRecords batch(long timestamp, String... values) {
        return batch(Compression.NONE, timestamp, values);
    }

    static MemoryRecords batch(Compression compression, long timestamp, String... values) {
        return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, compression, TimestampType.CREATE_TIME,
                records(timestamp, values));
    }

    /** One batch whose records carry the given timestamps, in order. */
    static MemoryRecords batchWithTimestamps(long... timestamps) {
        SimpleRecord[] records = new SimpleRecord[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) records[i] = new SimpleRecord(timestamps[i], null, bytes("t" + timestamps[i]));
        return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, TimestampType.CREATE_TIME, records);
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, long timestamp, String... values) {
        return MemoryRecords.withIdempotentRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, producerId, epoch,
                baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, records(timestamp, values));
    }

    static MemoryRecords transactional(long producerId, short epoch, int baseSequence, long timestamp, String... values) {
        return MemoryRecords.withTransactionalRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, producerId, epoch,
                baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, records(timestamp, values));
    }

    /** A commit or abort marker as the transaction coordinator writes it. */
    static MemoryRecords marker(long producerId, short epoch, int coordinatorEpoch, boolean commit, long timestamp) {
        return MemoryRecords.withEndTransactionMarker(0L, timestamp, RecordBatch.NO_PARTITION_LEADER_EPOCH, producerId, epoch,
                new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
    }

    /**
     * One batch of keyed records from alternating keys and values; a null value makes a tombstone, a null key a
     * record without key.
     */
    static MemoryRecords keyed(Compression compression, long timestamp, String... keysAndValues) {
        SimpleRecord[] records = new SimpleRecord[keysAndValues.length / 2];
        for (int i = 0; i < records.length; i++) {
            String key = keysAndValues[2 * i];
            String value = keysAndValues[2 * i + 1];
            records[i] = new SimpleRecord(timestamp, key == null ? null : bytes(key), value == null ? null : bytes(value));
        }
        return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, compression, TimestampType.CREATE_TIME, records);
    }

    static MemoryRecords keyed(long timestamp, String... keysAndValues) {
        return keyed(Compression.NONE, timestamp, keysAndValues);
    }

    /** Several batches in one buffer, as one produce request for one partition. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords p : parts) size += p.sizeInBytes();
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (MemoryRecords p : parts) buffer.put(p.buffer().duplicate());
        buffer.flip();
        return MemoryRecords.readableRecords(buffer);
    }

    /** A copy, so a test can keep the original bytes of something the log stamps offsets into. */
    static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        b.put(records.buffer().duplicate()).flip();
        return MemoryRecords.readableRecords(b);
    }

    /** A copy of {@code records} whose batches follow each other from {@code offset} on, as a log stores them. */
    static MemoryRecords atOffset(long offset, MemoryRecords records) {
        MemoryRecords moved = copy(records);
        long next = offset;
        for (MutableRecordBatch batch : moved.batches()) {
            long delta = batch.lastOffset() - batch.baseOffset();
            batch.setLastOffset(next + delta);
            next += delta + 1;
        }
        return moved;
    }

    static List<String> values(Records records) {
        List<String> values = new ArrayList<>();
        for (Record r : records.records()) values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
        return values;
    }

    static List<Long> offsets(Records records) {
        List<Long> offsets = new ArrayList<>();
        for (Record r : records.records()) offsets.add(r.offset());
        return offsets;
    }

    static List<String> values(int count, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) values.add(prefix + i);
        return values;
    }

    private static SimpleRecord[] records(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) records[i] = new SimpleRecord(timestamp, bytes("k" + i), bytes(values[i]));
        return records;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
