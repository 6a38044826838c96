package io.partita.engine.log;

import io.partita.engine.config.LogConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What one partition log offers its compaction ({@link LogCleaner}, {@link LogCompactor}): the section a compaction
 * may rewrite, the swap of cleaned segments ({@link SegmentSwap}), the producers' last batches it must keep, and the
 * offset compacted up to, saved in the {@value LogFileNames#CLEANER_OFFSET_FILE} checkpoint. Obtained from {@link
 * PartitionLog#compaction()}.
 *
 * <p>Invariant: every segment wholly below the offset compacted up to is compacted; the checkpoint holds that offset
 * once it is recorded.
 *
 * <p>Thread-safety: every method takes the log's lock ({@link LogGuard}), so compaction steps are serialized with
 * appends, rolls, truncation, retention and close; a closed or offline log offers nothing.
 */
final class LogCompactionView {

    private final LogGuard guard;
    private final LogFailure failure;
    private final LogSegments segments;
    private final ProducerStateTable producers;
    private final SegmentSwap swap;
    private final OffsetCheckpoint cleanerCheckpoint;
    private final Clock clock;
    private final Supplier<LogConfig> config;
    private final LongSupplier logStartOffset;
    private final LongSupplier lastStableOffset;
    /** Every segment wholly below this offset is compacted. Guarded by the log's lock. */
    private long cleanedUpTo;

    /**
     * @param cleanedUpTo      the offset compacted up to, as the log was loaded
     * @param config           the log's current configuration
     * @param logStartOffset   the log's current log start offset
     * @param lastStableOffset the log's current last stable offset
     */
    LogCompactionView(Path dir, LogGuard guard, LogFailure failure, LogSegments segments, DelayedSegmentDeletions deletions,
                  ProducerStateTable producers, long cleanedUpTo, Clock clock, Supplier<LogConfig> config,
                  LongSupplier logStartOffset, LongSupplier lastStableOffset) {
        this.guard = guard;
        this.failure = failure;
        this.segments = segments;
        this.producers = producers;
        this.swap = new SegmentSwap(dir, segments, deletions);
        this.cleanerCheckpoint = new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE));
        this.clock = clock;
        this.config = config;
        this.logStartOffset = logStartOffset;
        this.lastStableOffset = lastStableOffset;
        this.cleanedUpTo = cleanedUpTo;
    }

    /**
     * The segments a compaction may rewrite now ({@link CleanableSection#find}): the clean ones, wholly below the
     * offset compacted up to or the log start, and the dirty ones after them that are inactive, below the last stable
     * offset and older than {@code min.compaction.lag.ms} at {@code now}. Empty when the log is closed or offline.
     */
    Optional<CleanableSection> cleanableSection(long now) {
        try (LogGuard.Held held = guard.locked()) {
            if (guard.closedOrOffline()) return Optional.empty();
            long firstDirty = Math.max(cleanedUpTo, logStartOffset.getAsLong());
            return Optional.of(CleanableSection.find(segments, firstDirty, lastStableOffset.getAsLong(),
                    now - config.get().minCompactionLagMs()));
        }
    }

    /**
     * Swaps {@code cleaned} in for {@code replaced} ({@link SegmentSwap}); {@code afterEachStep} runs after each
     * rename. A failure halfway takes the log offline, so reopening it finishes the swap.
     *
     * @return false, with nothing changed, when the replaced segments are no longer all inactive segments of this
     * log (retention, truncation, close) or the log is offline
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, Runnable afterEachStep) throws IOException {
        try (LogGuard.Held held = guard.locked()) {
            if (guard.closedOrOffline() || !swap.canReplace(replaced)) return false;
            long delayMs = config.get().fileDeleteDelayMs();
            failure.offlineOnFailure(() -> swap.replace(replaced, cleaned, afterEachStep, clock.millis(), delayMs));
            return true;
        }
    }

    /** Records, durably, that every segment wholly below {@code offset} is compacted. */
    void markCleanedUpTo(long offset) throws IOException {
        try (LogGuard.Held held = guard.locked()) {
            guard.ensureOnline();
            cleanedUpTo = offset;
            cleanerCheckpoint.write(offset);
        }
    }

    /** The last offset of each producer's last batch: batches a compaction must keep, if empty, for idempotence. */
    Set<Long> lastOffsetsOfProducers() {
        try (LogGuard.Held held = guard.locked()) {
            return producers.lastOffsets();
        }
    }
}
