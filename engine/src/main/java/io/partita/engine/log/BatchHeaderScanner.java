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
 * #CHUNK_SIZE} bytes, so finding a batch costs one read per chunk instead of one or two per batch. {@link #seek}
 * moves a scan to another range of the same file and keeps the chunk already read when the range starts in it,
 * so the several lookups of one read cost one scan.
 *
 * <p>Only for data already validated into the log: it trusts the v2 header layout (base offset, length, last
 * offset delta) and stops at the first batch that does not end within the range.
 *
 * <p>Chunks are read into a direct buffer owned by the calling thread and reused by every scan on it: no
 * allocation per scan, and no copy through the JDK's temporary direct buffer. So a thread must be done with one
 * scan (finished or abandoned) before it starts another; scans on different threads may run concurrently on one
 * channel (positional reads).
 */
final class BatchHeaderScanner implements Iterator<BatchLocation> {

    static final int CHUNK_SIZE = 8192;
    /** Bytes of a v2 header up to and including the last offset delta. */
    private static final int HEADER_NEEDED = DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET + 4;
    private static final ThreadLocal<ByteBuffer> CHUNKS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK_SIZE));

    private final FileChannel channel;
    private final ByteBuffer chunk = CHUNKS.get();
    private int to;
    private int chunkStart;
    private int position;
    private BatchLocation next;

    /** Batches that start at or after {@code from} (a batch start) and end at or before {@code to}. */
    BatchHeaderScanner(FileChannel channel, int from, int to) {
        this.channel = channel;
        this.to = Math.max(from, to);
        this.position = from;
        this.chunkStart = from;
        chunk.clear().limit(0);
    }

    /**
     * Continues with the batches from {@code from} (a batch start) to {@code to} of the same file, reusing the
     * chunk in hand when it covers {@code from}.
     */
    BatchHeaderScanner seek(int from, int to) {
        this.to = Math.max(from, to);
        this.position = from;
        this.next = null;
        if (from < chunkStart || from > chunkStart + chunk.limit()) {
            chunkStart = from;
            chunk.clear().limit(0);
        }
        return this;
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
