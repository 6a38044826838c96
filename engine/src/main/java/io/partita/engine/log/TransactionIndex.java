package io.partita.engine.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The aborted-transaction index of one segment ({@code <baseOffset>.txnindex}): one entry per abort marker in the
 * segment, in marker order, so that a read_committed fetch can tell the consumer which producers' data to skip.
 *
 * <p>File format (Kafka's): fixed entries of {@value #ENTRY_SIZE} bytes, big-endian: version (short, 0), producer
 * id, first offset, last offset, last stable offset (longs). The file is created with the first entry (most
 * segments have none). On open the file is cut before a partial entry (a torn write) or one of an unknown version;
 * the latter marks the index {@link #damaged()}, so the log replays the segment to rebuild it.
 *
 * <p>The entries are also kept in memory (they are few: one per aborted transaction), so reads never touch the
 * file. Thread-safety: mutations come from one thread at a time (the owning log's appender or loader); the
 * methods are synchronized, so reads may run concurrently.
 */
final class TransactionIndex implements Closeable {

    static final int ENTRY_SIZE = 34;
    private static final short VERSION = 0;

    private Path file;
    private FileChannel channel;
    private final List<AbortedTxn> entries = new ArrayList<>();
    private boolean damaged;

    /** Opens the index at {@code file}, reading its entries when it exists. */
    TransactionIndex(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) load();
    }

    /** What {@link #collect} found in one index. */
    record Search(List<AbortedTxn> found, boolean complete) {
    }

    synchronized Path file() {
        return file;
    }

    /** Whether entries were found unreadable on open and cut off: the segment must be replayed to restore them. */
    synchronized boolean damaged() {
        return damaged;
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    synchronized List<AbortedTxn> entries() {
        return List.copyOf(entries);
    }

    /** Appends an entry; its marker comes after those of every entry here. */
    synchronized void append(AbortedTxn txn) throws IOException {
        if (!entries.isEmpty() && entries.get(entries.size() - 1).lastOffset() >= txn.lastOffset()) {
            throw new IllegalArgumentException("Aborted transaction ending at " + txn.lastOffset() + " does not follow "
                    + entries.get(entries.size() - 1) + " in " + file);
        }
        ByteBuffer buffer = ByteBuffer.allocate(ENTRY_SIZE);
        buffer.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                .putLong(txn.lastStableOffset()).flip();
        FileChannel c = channel();
        long position = (long) entries.size() * ENTRY_SIZE;
        while (buffer.hasRemaining()) position += c.write(buffer, position);
        entries.add(txn);
    }

    /**
     * The aborted transactions here that overlap {@code [fetchOffset, upperBoundOffset)}; complete when an entry's
     * last stable offset passes the upper bound, so no later segment can hold another overlapping one.
     */
    synchronized Search collect(long fetchOffset, long upperBoundOffset) {
        List<AbortedTxn> found = new ArrayList<>();
        for (AbortedTxn txn : entries) {
            if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) found.add(txn);
            if (txn.lastStableOffset() > upperBoundOffset) return new Search(found, true);
        }
        return new Search(found, false);
    }

    /** Removes the entries whose marker is at or after {@code offset}. */
    synchronized void truncateTo(long offset) throws IOException {
        int keep = 0;
        while (keep < entries.size() && entries.get(keep).lastOffset() < offset) keep++;
        if (keep == entries.size()) return;
        entries.subList(keep, entries.size()).clear();
        if (channel != null || Files.exists(file)) channel().truncate((long) keep * ENTRY_SIZE);
    }

    /** Removes every entry. */
    synchronized void reset() throws IOException {
        truncateTo(Long.MIN_VALUE);
    }

    synchronized void flush() throws IOException {
        if (channel != null) channel.force(true);
    }

    /** Renames the file, if there is one; the next entry goes to the new name either way. */
    synchronized void renameTo(Path target) throws IOException {
        if (Files.exists(file)) Files.move(file, target);
        file = target;
    }

    synchronized void deleteIfExists() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }

    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    private void load() throws IOException {
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
        int whole = content.remaining() / ENTRY_SIZE;
        for (int i = 0; i < whole && !damaged; i++) {
            if (content.getShort() == VERSION) {
                entries.add(new AbortedTxn(content.getLong(), content.getLong(), content.getLong(), content.getLong()));
            } else {
                damaged = true;
            }
        }
        if (entries.size() * ENTRY_SIZE < content.capacity()) channel().truncate((long) entries.size() * ENTRY_SIZE);
    }
}
