package io.partita.engine.log;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A producer-state snapshot file, {@code <offset>.snapshot}: the state of every producer (epoch, last batches,
 * coordinator epoch, open transaction) and the leader epochs after every batch below {@code offset}, so that opening
 * a log replays only the batches from there on instead of the whole log. Written when a segment rolls (at the new
 * segment's base offset) and on clean close (at the log end offset); removed with the segments below them.
 *
 * <p>Format (ours, big-endian): version (short, 1), CRC-32C (int) of everything after it, offset (long), leader
 * epoch count (int) and per epoch: epoch (int), start offset (long); producer count (int) and per producer:
 * producer id (long), epoch (short), coordinator epoch (int), first offset of the open transaction or -1 (long),
 * last timestamp (long), batch count (byte) and per batch: first and last sequence (ints), first and last offset,
 * max timestamp (longs). Written to a temporary file, forced and renamed, so a snapshot is whole or absent; one
 * that fails its checks anyway is deleted and the next older one is used.
 *
 * <p>Stateless and thread-safe; the owning log serializes writes to its directory.
 */
final class ProducerStateSnapshot {

    private static final System.Logger LOG = System.getLogger(ProducerStateSnapshot.class.getName());
    private static final short VERSION = 1;
    private static final int HEADER_BYTES = Short.BYTES + Integer.BYTES;

    /** The content of one snapshot: the state after every batch below {@code offset}. */
    record Content(long offset, NavigableMap<Integer, Long> leaderEpochs, List<ProducerEntry> producers) {
    }

    private ProducerStateSnapshot() {
    }

    /** Writes the snapshot at {@code offset} durably, replacing one at the same offset. */
    static void write(Path dir, long offset, Map<Integer, Long> leaderEpochs, Collection<ProducerEntry> producers)
            throws IOException {
        int size = HEADER_BYTES + Long.BYTES + Integer.BYTES + leaderEpochs.size() * (Integer.BYTES + Long.BYTES) + Integer.BYTES;
        for (ProducerEntry p : producers) size += 8 + 2 + 4 + 8 + 8 + 1 + p.batches().size() * (4 + 4 + 8 + 8 + 8);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putLong(offset).putInt(leaderEpochs.size());
        leaderEpochs.forEach((epoch, start) -> buffer.putInt(epoch).putLong(start));
        buffer.putInt(producers.size());
        for (ProducerEntry p : producers) {
            buffer.putLong(p.producerId()).putShort(p.epoch()).putInt(p.coordinatorEpoch())
                    .putLong(p.currentTxnFirstOffset()).putLong(p.lastTimestamp()).put((byte) p.batches().size());
            for (BatchMetadata b : p.batches()) {
                buffer.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset()).putLong(b.maxTimestamp());
            }
        }
        buffer.putInt(Short.BYTES, crc(buffer.array()));
        buffer.flip();
        Path file = LogFileNames.snapshotFile(dir, offset);
        Path temp = LogFileNames.tempFile(file);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The newest readable snapshot at or below {@code maxOffset}. Snapshots above {@code logEndOffset} (a log
     * truncated below them) and unreadable ones are deleted on the way.
     */
    static Optional<Content> latestAtMost(Path dir, long maxOffset, long logEndOffset) throws IOException {
        List<Long> offsets = offsets(dir);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            Path file = LogFileNames.snapshotFile(dir, offset);
            if (offset > logEndOffset) {
                Files.deleteIfExists(file);
                continue;
            }
            if (offset > maxOffset) continue;
            Optional<Content> content = read(file, offset);
            if (content.isPresent()) return content;
            LOG.log(System.Logger.Level.WARNING, "Producer-state snapshot {0} is corrupt: deleted, the log is replayed from an older one", file);
            Files.deleteIfExists(file);
        }
        return Optional.empty();
    }

    /** Deletes the snapshots below {@code offset}: their segments are gone. */
    static void deleteBelow(Path dir, long offset) throws IOException {
        for (long o : offsets(dir)) if (o < offset) Files.deleteIfExists(LogFileNames.snapshotFile(dir, o));
    }

    /** Deletes the snapshots above {@code offset}: the log was truncated to it. */
    static void deleteAbove(Path dir, long offset) throws IOException {
        for (long o : offsets(dir)) if (o > offset) Files.deleteIfExists(LogFileNames.snapshotFile(dir, o));
    }

    /** The offsets of the snapshots in {@code dir}, ascending. */
    static List<Long> offsets(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                OptionalLong o = LogFileNames.offsetOfSnapshotFile(f);
                if (o.isPresent()) offsets.add(o.getAsLong());
            });
        }
        offsets.sort(null);
        return offsets;
    }

    private static Optional<Content> read(Path file, long expectedOffset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if (buffer.getShort() != VERSION) return Optional.empty();
            if (crc(bytes) != buffer.getInt()) return Optional.empty();
            if (buffer.getLong() != expectedOffset) return Optional.empty();
            NavigableMap<Integer, Long> epochs = new TreeMap<>();
            for (int i = buffer.getInt(); i > 0; i--) epochs.put(buffer.getInt(), buffer.getLong());
            int count = buffer.getInt();
            List<ProducerEntry> producers = new ArrayList<>(Math.min(count, bytes.length / 31));
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                int coordinatorEpoch = buffer.getInt();
                long txnFirstOffset = buffer.getLong();
                long lastTimestamp = buffer.getLong();
                List<BatchMetadata> batches = new ArrayList<>();
                for (int b = buffer.get(); b > 0; b--) {
                    batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
                }
                producers.add(new ProducerEntry(producerId, epoch, batches, coordinatorEpoch, txnFirstOffset, lastTimestamp));
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(new Content(expectedOffset, epochs, producers));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    /** CRC-32C of the whole content with the CRC field itself zeroed. */
    private static int crc(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content, 0, Short.BYTES);
        crc.update(content, HEADER_BYTES, content.length - HEADER_BYTES);
        return (int) crc.getValue();
    }
}
