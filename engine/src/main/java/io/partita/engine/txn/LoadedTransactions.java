package io.partita.engine.txn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every transactional id of the {@link TransactionStore} partitions this node has loaded: what their
 * records add up to. It changes only by {@link TransactionRecord#replayInto replay}, of a partition's records when it
 * is loaded and of each record the coordinator appended since, so it never shows what the log does not hold.
 *
 * <p>A partition is loaded at the leader epoch this node leads it at; once it no longer leads it at that epoch (it
 * lost it, or lost and won it back while another node could write) the partition is unloaded, and loaded again from
 * the log if led. The coordinator epoch of a loaded partition is that leader epoch.
 *
 * <p>Confined to the coordinator's thread; not thread-safe.
 */
final class LoadedTransactions {

    private static final System.Logger LOG = System.getLogger(LoadedTransactions.class.getName());

    private final TransactionStore store;
    /** Partition to the leader epoch it was loaded at. */
    private final Map<Integer, Integer> loadedEpochs = new HashMap<>();
    /** Partition to its ids' states; a key for every loaded partition. */
    private final Map<Integer, Map<String, TransactionMetadata>> states = new HashMap<>();

    LoadedTransactions(TransactionStore store) {
        this.store = store;
    }

    /** The id's state; null when the id is unknown or its partition is not loaded here. */
    TransactionMetadata get(String transactionalId) {
        Map<String, TransactionMetadata> partition = states.get(store.partitionOf(transactionalId));
        return partition == null ? null : partition.get(transactionalId);
    }

    /** Every loaded id's state. */
    List<TransactionMetadata> all() {
        List<TransactionMetadata> all = new ArrayList<>();
        states.values().forEach(partition -> all.addAll(partition.values()));
        return all;
    }

    /**
     * The coordinator epoch of the id: the leader epoch its partition was loaded at; -1 when it is not loaded, or no
     * longer led at that epoch.
     */
    int coordinatorEpoch(String transactionalId) {
        int partition = store.partitionOf(transactionalId);
        Integer loaded = loadedEpochs.get(partition);
        return loaded != null && loaded.equals(store.ledPartitions().get(partition)) ? loaded : -1;
    }

    /**
     * Unloads the partitions no longer led at the epoch they were loaded at and loads those led but not loaded
     * (all of them at start); a partition that cannot be read now is left for the next call.
     *
     * @return the states just loaded
     */
    List<TransactionMetadata> followLeadership() {
        Map<Integer, Integer> led = store.ledPartitions();
        loadedEpochs.entrySet().removeIf(loaded -> {
            boolean lost = !loaded.getValue().equals(led.get(loaded.getKey()));
            if (lost) states.remove(loaded.getKey());
            return lost;
        });
        List<TransactionMetadata> taken = new ArrayList<>();
        led.forEach((partition, epoch) -> {
            if (loadedEpochs.containsKey(partition)) return;
            Map<String, TransactionMetadata> replayed = new HashMap<>();
            try {
                store.read(partition, record -> record.replayInto(replayed));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot load partition " + partition + " of the transaction state, retried later", e);
                return;
            }
            loadedEpochs.put(partition, epoch);
            states.put(partition, replayed);
            taken.addAll(replayed.values());
        });
        return taken;
    }

    /**
     * Makes an appended record current, unless its partition changed hands since {@code coordinatorEpoch} (then
     * whoever loads the partition replays it).
     *
     * @return false when it was not replayed
     */
    boolean replay(TransactionRecord record, int coordinatorEpoch) {
        String id = record.transactionalId();
        if (coordinatorEpoch < 0 || coordinatorEpoch(id) != coordinatorEpoch) return false;
        record.replayInto(states.get(store.partitionOf(id)));
        return true;
    }
}
