package io.partita.engine.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped file of fixed-size entries sorted by a strictly increasing key: the common part of the
 * {@link OffsetIndex} and the {@link TimeIndex}.
 *
 * <p>A writable index is preallocated to its maximum size (zeros beyond the last entry) and trimmed to its entries
 * when its segment stops being the active one or is closed; an index found longer than its entries after a crash
 * fails {@link #sanityCheck()} and is rebuilt from its segment. The preallocation is sparse, so the disk blocks under
 * the next entries are written through a file channel (zeros, {@value #BACKING_CHUNK} bytes at a time) before the
 * mapping writes there: on a full disk that write fails with an IOException, where a mapped write to a page the file
 * system cannot back would fault (SIGBUS), which the JVM reports as an InternalError at some later point.
 *
 * <p>Thread-safety: one writer at a time (the owning log's append lock) and any number of concurrent readers. The
 * entry count is volatile and only grows after the entry is written, so readers see whole entries; a remap swaps a
 * volatile buffer reference, and old mappings stay valid until garbage-collected, so a reader never touches an
 * unmapped region.
 */
abstract class MappedIndex implements Closeable {

    private static final int BACKING_CHUNK = 64 * 1024;

    private final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private volatile MappedByteBuffer buffer;
    private volatile int entries;
    private int maxEntries;
    /** Bytes from the start that were written through a channel since the mapping: mapped writes below cannot fault. */
    private long backedUpTo;

    /**
     * Opens the index file, creating it preallocated to {@code maxIndexSize} when missing or empty; an existing
     * file keeps its length, which is taken to hold only entries.
     */
    MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        long length = Files.exists(file) ? Files.size(file) : 0;
        if (length == 0) {
            map(roundToEntries(maxIndexSize));
            this.entries = 0;
        } else {
            map(roundToEntries(length));
            this.entries = maxEntries;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    Path file() {
        return file;
    }

    int entries() {
        return entries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    int sizeInBytes() {
        return entries * entrySize;
    }

    /** Grows (or shrinks, never below the entries) the file and mapping so it can hold up to {@code maxIndexSize}. */
    void resize(int maxIndexSize) throws IOException {
        map(Math.max(roundToEntries(maxIndexSize), (long) entries * entrySize));
    }

    /** Shrinks the file to exactly its entries, so that its length says how many there are. */
    void trimToValidSize() throws IOException {
        map((long) entries * entrySize);
    }

    /** Drops every entry from {@code n} on. */
    void truncateToEntries(int n) {
        if (n < entries) entries = n;
    }

    void reset() {
        truncateToEntries(0);
    }

    /** Throws {@link CorruptIndexException} unless keys strictly increase and every entry is plausible. */
    void sanityCheck() {
        long previous = Long.MIN_VALUE;
        for (int n = 0; n < entries; n++) {
            long key = keyAt(buffer, n);
            if (key <= previous) {
                throw new CorruptIndexException("Index " + file + " has entry " + n + " with key " + key
                        + " not above the previous " + previous);
            }
            checkEntry(buffer, n);
            previous = key;
        }
    }

    void flush() {
        buffer.force();
    }

    void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void close() {
        // The mapping needs no closing: it is released with the buffer, and the file channel was closed at mapping time.
    }

    /** The buffer to read entries from; indexes below {@link #entries()} read at the time of the call are whole. */
    protected MappedByteBuffer buffer() {
        return buffer;
    }

    protected int entryPosition(int n) {
        return n * entrySize;
    }

    /** The key of entry {@code n}: what the index is sorted by. */
    protected abstract long keyAt(MappedByteBuffer buffer, int n);

    /** Throws {@link CorruptIndexException} when entry {@code n} cannot be right regardless of its neighbours. */
    protected abstract void checkEntry(MappedByteBuffer buffer, int n);

    /**
     * Writes the next entry with {@code writer} and only then makes it visible.
     *
     * @throws IOException when the disk blocks under the entry cannot be written (a full disk): nothing changed
     */
    protected void appendEntry(EntryWriter writer) throws IOException {
        if (isFull()) throw new IllegalStateException("Index " + file + " is full (" + entries + " entries)");
        int position = entries * entrySize;
        if (position + entrySize > backedUpTo) back(position);
        writer.write(buffer, position);
        entries = entries + 1;
    }

    /** Writes zeros from {@code position} (past the last entry) to the next chunk boundary covering one entry. */
    private void back(int position) throws IOException {
        long end = Math.min((long) maxEntries * entrySize,
                ((long) position + entrySize + BACKING_CHUNK - 1) / BACKING_CHUNK * BACKING_CHUNK);
        ByteBuffer zeros = ByteBuffer.allocate((int) (end - position));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long at = position;
            while (zeros.hasRemaining()) at += channel.write(zeros, at);
        }
        backedUpTo = end;
    }

    /** The largest n whose key is at most {@code target}, or -1 when every key is above it. */
    protected int largestAtMost(long target) {
        return largestAtMost(target, this::keyAt);
    }

    /**
     * The largest n whose value read by {@code field} is at most {@code target}, or -1; {@code field} must increase
     * with n, as the key does.
     */
    protected int largestAtMost(long target, EntryField field) {
        MappedByteBuffer b = buffer;
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (field.read(b, mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " is not within the range of index " + file);
        }
        return (int) relative;
    }

    private long roundToEntries(long bytes) {
        return Math.max(0, bytes / entrySize * entrySize);
    }

    private void map(long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
            buffer = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            maxEntries = (int) (length / entrySize);
            backedUpTo = Math.min(backedUpTo, length);
        }
    }

    @FunctionalInterface
    protected interface EntryField {
        long read(MappedByteBuffer buffer, int n);
    }

    @FunctionalInterface
    protected interface EntryWriter {
        void write(MappedByteBuffer buffer, int position);
    }
}
