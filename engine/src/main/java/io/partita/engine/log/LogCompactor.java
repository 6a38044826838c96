package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One compaction pass over one log: maps the last offset of every key in the dirty segments (as far as the map's
 * memory budget goes; aborted transactional data does not count), then rewrites the clean and mapped segments, in groups that fit one segment, into cleaned
 * segments holding only the records a {@link CompactionFilter} keeps, at their original offsets, and swaps each in
 * with {@link LogCompactionView#replaceSegments}, carrying the aborted-transaction index entries of the segments it
 * replaces. Finally records how far the log is compacted.
 *
 * <p>Works on inactive segments below the high watermark, which nothing else changes, without the log's lock:
 * appends and reads go on meanwhile. A group whose segments retention or truncation removed meanwhile is given up.
 *
 * <p>Not thread-safe: one pass at a time per log, which {@link LogCleaner} ensures.
 */
final class LogCompactor {

    private static final System.Logger LOG = System.getLogger(LogCompactor.class.getName());
    private static final int READ_CHUNK_BYTES = 1 << 20;
    /** The largest decompressed batch kafka-clients allows: batches in the log were accepted already, so no tighter limit. */
    private static final int DECOMPRESSED_BATCH_LIMIT = Integer.MAX_VALUE - 8;

    private final long mapBudgetBytes;
    private final Runnable afterEachSwapStep;

    LogCompactor(long mapBudgetBytes, Runnable afterEachSwapStep) {
        this.mapBudgetBytes = mapBudgetBytes;
        this.afterEachSwapStep = afterEachSwapStep;
    }

    /** @return whether every group was swapped in (false when the log changed under the pass) */
    boolean compact(PartitionLog log, CleanableSection section, long now) throws IOException {
        LogConfig cfg = log.config();
        KeyOffsetMap latest = new KeyOffsetMap(mapBudgetBytes);
        List<LogSegment> all = new ArrayList<>(section.clean());
        all.addAll(section.dirty());
        if (all.isEmpty()) return true;
        long sectionEnd = all.get(all.size() - 1).readNextOffset();
        CleanedTransactions transactions = new CleanedTransactions(log.abortedTransactions(all.get(0).baseOffset(), sectionEnd));
        long mappedUpTo = map(section.dirty(), section.firstDirtyOffset(), latest, transactions);
        List<LogSegment> rewritten = new ArrayList<>(section.clean());
        for (LogSegment s : section.dirty()) {
            if (s.baseOffset() < mappedUpTo) rewritten.add(s);
        }
        Set<Long> producersLastOffsets = log.compaction().lastOffsetsOfProducers();
        try (BufferSupplier buffers = BufferSupplier.create()) {
            for (List<LogSegment> group : groups(rewritten, cfg)) {
                long groupLastOffset = group.get(group.size() - 1).readNextOffset() - 1;
                CompactionFilter filter = new CompactionFilter(latest, mappedUpTo, now, cfg.deleteRetentionMs(),
                        groupLastOffset, producersLastOffsets, transactions);
                if (!rewrite(log, group, filter, cfg, buffers)) {
                    LOG.log(System.Logger.Level.DEBUG, "Compaction of {0} given up: its segments changed", log.topicPartition());
                    return false;
                }
            }
        }
        log.compaction().markCleanedUpTo(mappedUpTo);
        return true;
    }

    /** Puts the keys of records from {@code firstDirty} on into the map; returns the offset after the last mapped. */
    private static long map(List<LogSegment> dirty, long firstDirty, KeyOffsetMap latest, CleanedTransactions transactions) {
        long mappedUpTo = firstDirty;
        for (LogSegment s : dirty) {
            for (FileChannelRecordBatch batch : s.log().batches()) {
                if (batch.lastOffset() < firstDirty) continue;
                if (!batch.isControlBatch() && !transactions.isAborted(batch)) {
                    for (Record r : batch) {
                        if (r.offset() >= firstDirty && r.hasKey()) latest.put(r.key(), r.offset());
                    }
                }
                mappedUpTo = batch.nextOffset();
                if (latest.isFull()) return mappedUpTo;
            }
        }
        return mappedUpTo;
    }

    /** Consecutive runs of segments whose cleaned result fits one segment (by size and by offsets relative to its base). */
    private static List<List<LogSegment>> groups(List<LogSegment> segments, LogConfig cfg) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long bytes = 0;
        for (LogSegment s : segments) {
            boolean fits = !current.isEmpty() && bytes + s.sizeInBytes() <= cfg.segmentBytes()
                    && s.readNextOffset() - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE;
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(s);
            bytes += s.sizeInBytes();
        }
        if (!current.isEmpty()) groups.add(current);
        return groups;
    }

    /** Writes the group's retained batches to a cleaned segment and swaps it in; false when the log refused the swap. */
    private boolean rewrite(PartitionLog log, List<LogSegment> group, CompactionFilter filter, LogConfig cfg,
                            BufferSupplier buffers) throws IOException {
        LogSegment cleaned = LogSegment.createCleaned(log.dir(), group.get(0).baseOffset(), cfg);
        try {
            for (LogSegment s : group) {
                copyRetained(s, cleaned, filter, cfg, buffers);
                for (AbortedTxn txn : s.txnIndex().entries()) cleaned.txnIndex().append(txn);
            }
            cleaned.onBecomeInactive();
        } catch (IOException | RuntimeException e) {
            cleaned.closeAndDelete();
            throw e;
        }
        // Once the swap has begun, a failure must leave the files for the log's recovery, so they are kept then.
        boolean swapped = log.compaction().replaceSegments(group, cleaned, afterEachSwapStep);
        if (!swapped) cleaned.closeAndDelete();
        return swapped;
    }

    /** Filters a segment's batches, read in chunks of whole batches, and appends what is kept to {@code cleaned}. */
    private static void copyRetained(LogSegment source, LogSegment cleaned, CompactionFilter filter, LogConfig cfg,
                                     BufferSupplier buffers) throws IOException {
        int chunkStart = 0;
        int chunkBytes = 0;
        for (FileChannelRecordBatch batch : source.log().batches()) {
            if (chunkBytes > 0 && chunkBytes + batch.sizeInBytes() > READ_CHUNK_BYTES) {
                copyRetained(source, chunkStart, chunkBytes, cleaned, filter, cfg, buffers);
                chunkBytes = 0;
            }
            if (chunkBytes == 0) chunkStart = batch.position();
            chunkBytes += batch.sizeInBytes();
        }
        if (chunkBytes > 0) copyRetained(source, chunkStart, chunkBytes, cleaned, filter, cfg, buffers);
    }

    private static void copyRetained(LogSegment source, int position, int size, LogSegment cleaned,
                                     CompactionFilter filter, LogConfig cfg, BufferSupplier buffers) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(size);
        source.log().readInto(chunk, position);
        MemoryRecords.FilterResult result = MemoryRecords.readableRecords(chunk)
                .filterTo(filter, ByteBuffer.allocate(size), buffers, DECOMPRESSED_BATCH_LIMIT);
        ByteBuffer retained = result.outputBuffer().flip();
        if (retained.hasRemaining()) cleaned.append(MemoryRecords.readableRecords(retained), cfg.indexIntervalBytes());
    }
}
