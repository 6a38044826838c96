package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The records a consumer has handed out for delivery and not yet finished, per partition, and so how far each
 * partition's offset may be committed: up to its lowest unfinished record, never past it. A record is finished once
 * it was delivered, dead-lettered or skipped; one that is being retried, or whose dead-lettering failed, stays
 * unfinished and holds its partition's commit point.
 *
 * <p>Records are added in offset order within each partition, as polled. A partition's {@link Progress} lives from
 * its first added record until {@link #remove}; closing it first ({@link #close}, on revocation) keeps its records
 * not yet begun from beginning. Records of a removed progress that finish later change nothing: a partition assigned
 * again starts a new progress, from the offset its consumer fetches from.
 *
 * <p>Thread-safe, under one lock: the poll thread adds, commits, closes and removes; delivering threads
 * begin, end and finish records.
 */
final class OffsetTracker {

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private int unfinished;

    /** Counts a polled record as unfinished; returns its partition's progress, through which it is finished. */
    synchronized Progress add(ConsumerRecord<?, ?> record) {
        Progress progress = partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                partition -> new Progress(record.offset()));
        progress.open(record.offset());
        return progress;
    }

    /** The record is finished (delivered, dead-lettered or skipped); for a tracker of one poll's records. */
    synchronized void finish(ConsumerRecord<?, ?> record) {
        Progress progress = partitions.get(new TopicPartition(record.topic(), record.partition()));
        if (progress != null) progress.finish(record.offset());
    }

    /** Records added and not finished, in every partition. */
    synchronized int unfinished() {
        return unfinished;
    }

    /** {@link #advanced(Collection)} of every partition. */
    synchronized Map<TopicPartition, OffsetAndMetadata> advanced() {
        return advanced(partitions.keySet());
    }

    /**
     * The commit points (the offset of the lowest unfinished record, else the offset after the last added one) of
     * those of {@code which} that moved past their last {@link #committed} one.
     */
    synchronized Map<TopicPartition, OffsetAndMetadata> advanced(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : which) {
            Progress progress = partitions.get(partition);
            if (progress == null) continue;
            long point = progress.commitPoint();
            if (point > progress.committed) offsets.put(partition, new OffsetAndMetadata(point));
        }
        return offsets;
    }

    /** These offsets, taken from {@link #advanced}, were committed. */
    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            Progress progress = partitions.get(partition);
            if (progress != null) progress.committed = Math.max(progress.committed, offset.offset());
        });
    }

    /** The offset of the lowest unfinished record of each partition that has one. */
    synchronized Map<TopicPartition, Long> firstUnfinished() {
        Map<TopicPartition, Long> first = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            if (!progress.open.isEmpty()) first.put(partition, progress.open.first());
        });
        return first;
    }

    /** Keeps the records of these partitions that have not begun from beginning: the consumer is losing them. */
    synchronized void close(Collection<TopicPartition> which) {
        for (TopicPartition partition : which) {
            Progress progress = partitions.get(partition);
            if (progress != null) progress.active = false;
        }
    }

    /** Waits until no record of these partitions is being delivered; false when one still is after {@code timeout}. */
    synchronized boolean awaitIdle(Collection<TopicPartition> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivering(which) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Forgets these partitions: their unfinished records no longer count, nor do those that finish later. */
    synchronized void remove(Collection<TopicPartition> which) {
        for (TopicPartition partition : which) {
            Progress progress = partitions.remove(partition);
            if (progress == null) continue;
            progress.active = false;
            progress.removed = true;
            unfinished -= progress.open.size();
        }
    }

    private int delivering(Collection<TopicPartition> which) {
        int delivering = 0;
        for (TopicPartition partition : which) {
            Progress progress = partitions.get(partition);
            if (progress != null) delivering += progress.delivering;
        }
        return delivering;
    }

    /** One partition's records, from its first added one on. Guarded by the tracker's lock. */
    final class Progress {

        private final TreeSet<Long> open = new TreeSet<>();
        private long next;
        private long committed;
        private boolean active = true;
        private boolean removed;
        private int delivering;

        private Progress(long first) {
            this.next = first;
            this.committed = first;
        }

        private void open(long offset) {
            if (open.add(offset)) unfinished++;
            next = Math.max(next, offset + 1);
        }

        private long commitPoint() {
            return open.isEmpty() ? next : open.first();
        }

        /** Whether the partition is still the consumer's: its records may begin. */
        boolean isActive() {
            synchronized (OffsetTracker.this) {
                return active;
            }
        }

        /** A record of the partition is about to be delivered; false (and nothing begun) when the partition closed. */
        boolean begin() {
            synchronized (OffsetTracker.this) {
                if (!active) return false;
                delivering++;
                return true;
            }
        }

        /** The delivery {@link #begin() begun} ended, finished or not. */
        void end() {
            synchronized (OffsetTracker.this) {
                delivering--;
                OffsetTracker.this.notifyAll();
            }
        }

        /** The record at {@code offset} is finished: delivered, dead-lettered or skipped. */
        void finish(long offset) {
            synchronized (OffsetTracker.this) {
                if (open.remove(offset) && !removed) unfinished--;
            }
        }
    }
}
