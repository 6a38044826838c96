package io.partita.engine.log;

import io.partita.engine.config.LogConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Truncation of one partition log from its end, as a follower does to match its leader before fetching again: the
 * segment files ({@link LocalLog#truncateTo}), the producer-state snapshots above the new end, the producer state
 * and leader epochs restored for what is left ({@link ProducerStateRestore}), and the leader epochs that start at
 * or after the new end.
 *
 * <p>Only a follower's log is truncated, and followers serve no reads, so no reader holds a slice of what goes.
 *
 * <p>Thread-safety: only called under {@link PartitionLog}'s lock, which also takes the log offline if a truncation
 * fails halfway.
 */
final class LogTruncation {

    private final Path dir;
    private final LocalLog local;
    private final LogSegments segments;
    private final ProducerStateTable producers;
    private final LeaderEpochCache epochs;

    LogTruncation(Path dir, LocalLog local, LogSegments segments, ProducerStateTable producers, LeaderEpochCache epochs) {
        this.dir = dir;
        this.local = local;
        this.segments = segments;
        this.producers = producers;
        this.epochs = epochs;
    }

    /**
     * Removes every batch at or after {@code target} (whole batches; the caller keeps it at or above the log start
     * offset) and every leader epoch starting there or later, then restores the producer state and leader epochs
     * from the newest snapshot below the new end and the batches after it.
     *
     * @param endLowered told the new end offset as soon as the segments end there, before the producer state is
     *                   restored: the high watermark must come down even if the restore fails
     */
    void truncateTo(long target, LogConfig cfg, LongConsumer endLowered) throws IOException {
        if (target >= local.end().nextOffset()) {
            // No record goes, but an epoch this replica took at its log end while it led (alone) does: the leader's
            // records that come next carry older epochs, and the entry would claim them.
            epochs.truncateFromEnd(target);
            return;
        }
        long newEnd = local.truncateTo(target, cfg);
        endLowered.accept(newEnd);
        ProducerStateSnapshot.deleteAbove(dir, newEnd);
        ProducerStateRestore.run(dir, segments, producers, epochs, newEnd);
        // A snapshot taken at the new end may hold an epoch taken there with nothing written under it.
        epochs.truncateFromEnd(newEnd);
    }
}
