package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Compacts the logs of a {@link LogManager} whose {@code cleanup.policy} includes {@code compact}: keeps the last
 * record of every key (keys compared as bytes) in the segments that are inactive, below the high watermark and older
 * than {@code min.compaction.lag.ms}; drops tombstones once {@code delete.retention.ms} has passed since a cleaning
 * first kept them, and records without a key. Kept records keep their offsets.
 *
 * <p>The engine starts no thread: the node calls {@link #cleanOnce()} periodically on a thread of its own (Kafka's
 * cleaner looks every {@code log.cleaner.backoff.ms}, 15 s by default), again at once while it returns a partition.
 * Each call cleans the one log with the largest dirty ratio among those at or above their {@code
 * min.cleanable.dirty.ratio} or past {@code max.compaction.lag.ms}. A cleaning runs beside produce and fetch, which
 * it never blocks: the old segments stay readable until a cleaned segment is swapped in, a short step under the
 * log's lock, and for {@code file.delete.delay.ms} after that. Every step of a swap survives a crash (see {@link
 * SwapRecovery}).
 *
 * <p>Thread-safe: a call made while another one is cleaning returns at once, empty.
 */
public final class LogCleaner {

    private static final System.Logger LOG = System.getLogger(LogCleaner.class.getName());

    /** Kafka's {@code log.cleaner.dedupe.buffer.size}: the memory a cleaning may use for its key map. */
    public static final long DEFAULT_DEDUPE_BUFFER_BYTES = 128L * 1024 * 1024;

    private final LogManager logs;
    private final Clock clock;
    private final LogCompactor compactor;
    private final ReentrantLock cleaning = new ReentrantLock();

    /**
     * @param clock the clock the logs use: {@code min.compaction.lag.ms}, {@code max.compaction.lag.ms} and {@code
     *              delete.retention.ms} are measured with it
     */
    public LogCleaner(LogManager logs, Clock clock) {
        this(logs, clock, DEFAULT_DEDUPE_BUFFER_BYTES);
    }

    /** @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}: the key map's memory budget per cleaning */
    public LogCleaner(LogManager logs, Clock clock, long dedupeBufferBytes) {
        this(logs, clock, dedupeBufferBytes, () -> { });
    }

    /** With a key-map budget and an action run after each file rename of a swap (to observe intermediate states). */
    LogCleaner(LogManager logs, Clock clock, long dedupeBufferBytes, Runnable afterEachSwapStep) {
        this.logs = logs;
        this.clock = clock;
        this.compactor = new LogCompactor(dedupeBufferBytes, afterEachSwapStep);
    }

    /**
     * Compacts the compacted log most in need of it, if any is due.
     *
     * @return the partition compacted; empty when none was due, another call is cleaning, or the cleaning failed
     * (logged; a failed swap takes that log offline, see {@link PartitionLog})
     */
    public Optional<TopicPartition> cleanOnce() {
        if (!cleaning.tryLock()) return Optional.empty();
        try {
            long now = clock.millis();
            PartitionLog filthiest = null;
            CleanableSection filthiestSection = null;
            for (PartitionLog log : logs.logs()) {
                if (!log.config().compact()) continue;
                Optional<CleanableSection> section = log.compaction().cleanableSection(now);
                if (section.isEmpty() || !isDue(section.get(), log, now)) continue;
                if (filthiestSection == null || section.get().dirtyRatio() > filthiestSection.dirtyRatio()) {
                    filthiest = log;
                    filthiestSection = section.get();
                }
            }
            if (filthiest == null) return Optional.empty();
            return clean(filthiest, filthiestSection, now);
        } finally {
            cleaning.unlock();
        }
    }

    private static boolean isDue(CleanableSection section, PartitionLog log, long now) {
        if (section.dirtyBytes() == 0) return false;
        if (section.dirtyRatio() >= log.config().minCleanableDirtyRatio()) return true;
        long firstDirtyTimestamp = section.dirty().get(0).firstBatchTimestamp();
        return firstDirtyTimestamp >= 0 && now - firstDirtyTimestamp > log.config().maxCompactionLagMs();
    }

    private Optional<TopicPartition> clean(PartitionLog log, CleanableSection section, long now) {
        try {
            return compactor.compact(log, section, now) ? Optional.of(log.topicPartition()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Compaction of " + log.topicPartition() + " failed", e);
            return Optional.empty();
        }
    }
}
