package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The one owner of file and directory names under a data directory, following Kafka's layout so that operators
 * recognise it: {@code <topic>-<partition>/} per log, holding {@code <20-digit base offset>.log}, {@code .index},
 * {@code .timeindex} and (when it has aborted transactions) {@code .txnindex} per segment, and producer-state
 * snapshots {@code <20-digit offset>.snapshot}.
 *
 * <p>Stateless and thread-safe.
 */
final class LogFileNames {

    static final String LOG_SUFFIX = ".log";
    static final String OFFSET_INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String TXN_INDEX_SUFFIX = ".txnindex";
    /** A producer-state snapshot: the state after every batch below the offset in its name. */
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    /** Appended to the files of a segment that is waiting for {@code file.delete.delay.ms} before removal. */
    static final String DELETED_SUFFIX = ".deleted";
    /** Suffix of a partition directory being removed, after Kafka's {@code <topic>-<p>.<uuid>-delete}. */
    static final String DELETE_DIR_SUFFIX = "-delete";
    static final String TEMP_SUFFIX = ".tmp";
    /** A segment the cleaner is still writing; discarded on open. */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** A complete cleaned segment about to replace the segments it was made from; the swap is finished on open. */
    static final String SWAP_SUFFIX = ".swap";
    /** Present in a log directory only while the log is closed cleanly: its absence on open means recovery. */
    static final String CLEAN_SHUTDOWN_FILE = ".partita-clean-shutdown";
    static final String LOG_START_OFFSET_FILE = "log-start-offset";
    /** The offset up to which the cleaner has compacted the log. */
    static final String CLEANER_OFFSET_FILE = "cleaner-offset-checkpoint";
    /** Held locked by the node using a data directory. */
    static final String LOCK_FILE = ".lock";

    private LogFileNames() {
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + OFFSET_INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    static Path txnIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + TXN_INDEX_SUFFIX);
    }

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(offsetPrefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The base offset of a segment's {@code .log} file; empty for any other file. */
    static OptionalLong baseOffsetOfLogFile(Path file) {
        return offsetOf(file, LOG_SUFFIX);
    }

    /** The offset of a producer-state {@code .snapshot} file; empty for any other file. */
    static OptionalLong offsetOfSnapshotFile(Path file) {
        return offsetOf(file, SNAPSHOT_SUFFIX);
    }

    private static OptionalLong offsetOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) return OptionalLong.empty();
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) return OptionalLong.empty();
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** The base offset of a segment's {@code .log.swap} file; empty for any other file. */
    static OptionalLong baseOffsetOfSwapLogFile(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(LOG_SUFFIX + SWAP_SUFFIX)) return OptionalLong.empty();
        return baseOffsetOfLogFile(file.resolveSibling(name.substring(0, name.length() - SWAP_SUFFIX.length())));
    }

    static boolean isCleanedFile(Path file) {
        return file.getFileName().toString().endsWith(CLEANED_SUFFIX);
    }

    static boolean isSwapFile(Path file) {
        return file.getFileName().toString().endsWith(SWAP_SUFFIX);
    }

    /** {@code file} with {@code from} (which it must end with; may be empty) replaced by {@code to}. */
    static Path changeSuffix(Path file, String from, String to) {
        String name = file.getFileName().toString();
        if (!name.endsWith(from)) throw new IllegalArgumentException(file + " does not end with '" + from + "'");
        return file.resolveSibling(name.substring(0, name.length() - from.length()) + to);
    }

    static boolean isDeletedSegmentFile(Path file) {
        return file.getFileName().toString().endsWith(DELETED_SUFFIX);
    }

    static boolean isTempFile(Path file) {
        return file.getFileName().toString().endsWith(TEMP_SUFFIX);
    }

    static Path tempFile(Path file) {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }

    static String logDirName(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    /** The partition a live log directory belongs to; empty for directories being deleted or not named like a log. */
    static Optional<TopicPartition> parseLogDirName(String name) {
        if (name.endsWith(DELETE_DIR_SUFFIX)) return Optional.empty();
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) return Optional.empty();
        String partition = name.substring(dash + 1);
        if (!partition.chars().allMatch(Character::isDigit) || partition.length() > 9) return Optional.empty();
        return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(partition)));
    }

    static boolean isDeleteDirName(String name) {
        return name.endsWith(DELETE_DIR_SUFFIX);
    }

    /** A fresh, unique name to move a log directory to before removing it. */
    static String deleteDirName(TopicPartition tp) {
        return logDirName(tp) + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX;
    }

    private static String offsetPrefix(long offset) {
        return String.format("%020d", offset);
    }
}
