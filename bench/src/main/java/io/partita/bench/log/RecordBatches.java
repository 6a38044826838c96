package io.partita.bench.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Builds the uncompressed v2 record batches the benchmarks append: values of random bytes, no keys, no headers,
 * the shape {@code ProducerPerformance --record-size} sends.
 *
 * <p>A batch built here may be appended again and again: the log rewrites its base offset and leader epoch in
 * place, which are outside the CRC, so it stays valid. Not thread-safe (neither is the batch).
 */
public final class RecordBatches {

    private RecordBatches() {
    }

    /** One batch of as many {@code recordBytes}-byte records as fit in {@code batchBytes}, as the producer fills it. */
    public static MemoryRecords batch(int batchBytes, int recordBytes, long timestamp) {
        byte[] value = new byte[recordBytes];
        new Random(42).nextBytes(value);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(batchBytes), Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        long offset = 0;
        while (builder.hasRoomFor(timestamp, null, value, Record.EMPTY_HEADERS)) {
            builder.appendWithOffset(offset++, timestamp, null, value);
        }
        if (offset == 0) throw new IllegalArgumentException("No " + recordBytes + "-byte record fits in " + batchBytes + " bytes");
        return builder.build();
    }
}
