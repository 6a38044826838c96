package io.partita.engine.log;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Finishes, when a log opens, a cleaner's segment swap that a crash interrupted, so that the directory holds either
 * the segments a cleaning started from or the cleaned segment replacing them: never both, never neither.
 *
 * <p>A swap (see {@link SegmentSwap}) goes: the cleaned segment is written under {@code .cleaned}
 * names and flushed; renamed to {@code .swap} names (indexes first, data file last); the directory is synced; the
 * replaced segments are renamed to {@code .deleted}; the {@code .swap} files take their final names (indexes first,
 * data file last). Hence on open:
 * <ul>
 *   <li>{@code .cleaned} files, and index {@code .swap} files without a data {@code .swap} file, belong to a swap that
 *       had not committed: they are deleted and the old segments stay;</li>
 *   <li>a data {@code .swap} file is a complete cleaned segment, and the swap is committed: every segment whose base
 *       offset lies in its offset range (the replaced ones that are not yet renamed) is deleted, its index swaps
 *       still there take their final names while indexes of its base without a swap are deleted (to be rebuilt from
 *       the data, since they may be the replaced segment's), and the data file takes its final name.</li>
 * </ul>
 * {@code .deleted} files are removed by the log's own loading. Stateless.
 */
final class SwapRecovery {

    private static final System.Logger LOG = System.getLogger(SwapRecovery.class.getName());

    private SwapRecovery() {
    }

    /** Finishes or undoes what an interrupted swap left in {@code dir}; the directory is synced when anything changed. */
    static void run(Path dir) throws IOException {
        boolean changed = false;
        for (Path file : list(dir)) {
            if (LogFileNames.isCleanedFile(file)) {
                Files.delete(file);
                changed = true;
            }
        }
        for (Path file : list(dir)) {
            OptionalLong base = LogFileNames.baseOffsetOfSwapLogFile(file);
            if (base.isPresent()) {
                finish(dir, file, base.getAsLong());
                changed = true;
            }
        }
        for (Path file : list(dir)) {
            if (LogFileNames.isSwapFile(file)) {
                Files.delete(file);
                changed = true;
            }
        }
        if (changed) Directories.fsync(dir);
    }

    private static void finish(Path dir, Path swap, long base) throws IOException {
        long next = Math.max(base + 1, nextOffset(swap, base));
        for (Path file : list(dir)) {
            OptionalLong replaced = LogFileNames.baseOffsetOfLogFile(file);
            if (replaced.isPresent() && replaced.getAsLong() >= base && replaced.getAsLong() < next) {
                Files.delete(file);
                Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, replaced.getAsLong()));
                Files.deleteIfExists(LogFileNames.timeIndexFile(dir, replaced.getAsLong()));
                Files.deleteIfExists(LogFileNames.txnIndexFile(dir, replaced.getAsLong()));
            }
        }
        for (Path index : List.of(LogFileNames.offsetIndexFile(dir, base), LogFileNames.timeIndexFile(dir, base),
                LogFileNames.txnIndexFile(dir, base))) {
            Path indexSwap = LogFileNames.changeSuffix(index, "", LogFileNames.SWAP_SUFFIX);
            if (Files.exists(indexSwap)) {
                Files.move(indexSwap, index, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A cleaned segment without a transaction index had no aborted transactions to carry over.
                Files.deleteIfExists(index);
            }
        }
        Files.move(swap, LogFileNames.logFile(dir, base));
        LOG.log(System.Logger.Level.INFO, "Finished the interrupted swap of the cleaned segment {0} (offsets {1} to {2})",
                swap, base, next - 1);
    }

    /** The offset after the swap segment's last batch; the swap file was flushed whole before it got its name. */
    private static long nextOffset(Path swap, long base) throws IOException {
        long next = base;
        try (FileRecords records = FileRecords.open(swap.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) next = batch.nextOffset();
        } catch (KafkaException e) {
            throw new IOException("Cleaned segment " + swap + " is unreadable: " + e.getMessage(), e);
        }
        return next;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
