package io.partita.engine.log;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The idempotence state of every producer that wrote to one partition, keyed by producer id.
 *
 * <p>Changed only through a {@link ProducerStateUpdate}, committed after its batches are written (or, while the log
 * is loaded, after they were read back), so the table always describes what is in the log.
 *
 * <p>Not thread-safe: guarded by the owning log's append lock.
 */
final class ProducerStateTable {

    private final Map<Long, ProducerEntry> entries = new HashMap<>();

    Optional<ProducerEntry> entry(long producerId) {
        return Optional.ofNullable(entries.get(producerId));
    }

    /** Starts the checks and pending changes of one append. */
    ProducerStateUpdate begin() {
        return new ProducerStateUpdate(this);
    }

    /** The last offset of every producer's last batch still described here. */
    Set<Long> lastOffsets() {
        Set<Long> offsets = new HashSet<>();
        for (ProducerEntry e : entries.values()) {
            if (!e.batches().isEmpty()) offsets.add(e.batches().get(e.batches().size() - 1).lastOffset());
        }
        return offsets;
    }

    void putAll(Map<Long, ProducerEntry> updated) {
        entries.putAll(updated);
    }

    /** Forgets every producer: the log is about to be read again after a truncation. */
    void clear() {
        entries.clear();
    }
}
