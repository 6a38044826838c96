package io.partita.engine.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The idempotence and transaction state of every producer that wrote to one partition, keyed by producer id, with
 * the open transactions ordered by their first offset (the earliest bounds the last stable offset).
 *
 * <p>Changed only through a {@link ProducerStateUpdate}, committed after its batches are written (or, while the log
 * is loaded, after they were read back), or replaced by a {@link ProducerStateSnapshot}'s content, so the table
 * always describes what is in the log. Invariant: {@code ongoing} holds exactly the entries with an open transaction,
 * keyed by its first offset.
 *
 * <p>Not thread-safe: guarded by the owning log's append lock.
 */
final class ProducerStateTable {

    private final Map<Long, ProducerEntry> entries = new HashMap<>();
    private final TreeMap<Long, Long> ongoing = new TreeMap<>();

    Optional<ProducerEntry> entry(long producerId) {
        return Optional.ofNullable(entries.get(producerId));
    }

    Collection<ProducerEntry> entries() {
        return entries.values();
    }

    /** What is known of every producer, as DescribeProducers reports it. */
    List<ProducerSummary> summaries() {
        List<ProducerSummary> summaries = new ArrayList<>();
        for (ProducerEntry e : entries.values()) {
            summaries.add(new ProducerSummary(e.producerId(), e.epoch(), e.lastSeq(), e.lastTimestamp(),
                    e.coordinatorEpoch(), e.currentTxnFirstOffset()));
        }
        return summaries;
    }

    /** Starts the checks and pending changes of one append. */
    ProducerStateUpdate begin() {
        return new ProducerStateUpdate(this);
    }

    /** The first offset of the earliest open transaction, {@code Long.MAX_VALUE} when none is open. */
    long firstUnstableOffset() {
        return ongoing.isEmpty() ? Long.MAX_VALUE : ongoing.firstKey();
    }

    /** The first offset of the earliest open transaction of a producer not in {@code excluded}; MAX_VALUE if none. */
    long firstOngoingOffsetExcept(Set<Long> excluded) {
        for (Map.Entry<Long, Long> e : ongoing.entrySet()) {
            if (!excluded.contains(e.getValue())) return e.getKey();
        }
        return Long.MAX_VALUE;
    }

    /** The last offset of every producer's last data batch still described here. */
    Set<Long> lastOffsets() {
        Set<Long> offsets = new HashSet<>();
        for (ProducerEntry e : entries.values()) {
            if (!e.batches().isEmpty()) offsets.add(e.lastDataOffset());
        }
        return offsets;
    }

    void putAll(Map<Long, ProducerEntry> updated) {
        updated.values().forEach(this::put);
    }

    /** Replaces the whole state with a snapshot's. */
    void restore(Collection<ProducerEntry> snapshot) {
        clear();
        snapshot.forEach(this::put);
    }

    /** Forgets every producer: the log is about to be read again. */
    void clear() {
        entries.clear();
        ongoing.clear();
    }

    private void put(ProducerEntry entry) {
        ProducerEntry old = entries.put(entry.producerId(), entry);
        if (old != null && old.hasOngoingTxn() && old.currentTxnFirstOffset() != entry.currentTxnFirstOffset()) {
            ongoing.remove(old.currentTxnFirstOffset());
        }
        if (entry.hasOngoingTxn()) ongoing.put(entry.currentTxnFirstOffset(), entry.producerId());
    }
}
