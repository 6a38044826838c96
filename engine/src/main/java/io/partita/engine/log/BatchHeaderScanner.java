package io.partita.engine.log;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks the batches of a segment's data file between two positions by reading their headers in chunks of {@value
 * #CHUNK_SIZE} bytes, so finding a batch costs one read per chunk instead of one or two per batch.
 *
 * <p>Only for data already validated into the log: it trusts the v2 header layout (base offset, length, last
 * offset delta) and stops at the first batch that does not end within the range.
 *
 * <p>Each scan owns its buffer; any number of scans may run concurrently on one channel (positional reads).
 */
final class BatchHeaderScanner implements Iterator<BatchLocation> {

    static final int CHUNK_SIZE = 8192;
    /** Bytes of a v2 header up to and including the last offset delta. */
    private static final int HEADER_NEEDED = DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET + 4;

    private final FileChannel channel;
    private final int to;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_SIZE);
    private int chunkStart;
    private int position;
    private BatchLocation next;

    /** Batches that start at or after {@code from} (a batch start) and end at or before {@code to}. */
    BatchHeaderScanner(FileChannel channel, int from, int to) {
        this.channel = channel;
        this.to = to;
        this.position = from;
        this.chunkStart = from;
        chunk.limit(0);
    }

    @Override
    public boolean hasNext() {
        if (next == null) next = readNext();
        return next != null;
    }

    @Override
    public BatchLocation next() {
        if (!hasNext()) throw new NoSuchElementException();
        BatchLocation result = next;
        next = null;
        return result;
    }

    private BatchLocation readNext() {
        if (to - position < HEADER_NEEDED) return null;
        if (position + HEADER_NEEDED > chunkStart + chunk.limit()) {
            fill();
            if (chunk.limit() < HEADER_NEEDED) return null;
        }
        int at = position - chunkStart;
        long baseOffset = chunk.getLong(at + Records.OFFSET_OFFSET);
        int size = Records.LOG_OVERHEAD + chunk.getInt(at + Records.SIZE_OFFSET);
        if (size < HEADER_NEEDED || size > to - position) return null;
        long lastOffset = baseOffset + chunk.getInt(at + DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET);
        BatchLocation location = new BatchLocation(position, size, baseOffset, lastOffset);
        position += size;
        return location;
    }

    private void fill() {
        chunk.clear();
        chunk.limit(Math.min(CHUNK_SIZE, to - position));
        chunkStart = position;
        try {
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, chunkStart + chunk.position()) < 0) break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading batch headers of a segment failed", e);
        }
        chunk.flip();
    }
}
