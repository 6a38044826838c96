package io.partita.engine.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where the cluster metadata lives: string keys to JSON text, changed only by compare-and-set, with a local cache
 * and a watch. The one boundary between the controller and whatever keeps the metadata consistent
 * ({@link QuorumMetadataStore}: Hazelcast's CP Subsystem, Raft; {@link MapMetadataStore}: a Hazelcast map, for
 * clusters too small for a quorum), so that another consensus engine can take its place without touching the
 * controller.
 *
 * <p>Reads of the cache never leave the node and may be stale. {@link #read}, {@link #compareAndSet} and
 * {@link #refresh} ask the store itself: in a partition-safe store they are linearizable, and they fail with
 * {@link MetadataUnavailableException} when the store cannot answer within its deadline (a node cut off from the
 * quorum), so they must never run on a thread that serves clients or coordinators. Every value they see that
 * differs from the cache updates the cache and is told to the watchers, on the calling thread; changes made
 * elsewhere reach the watchers within the store's poll interval, or at the next {@link #refresh}. Watchers may hear
 * of one value more than once and must treat repeats as no-ops. Thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

    /** The cached value of {@code key}. */
    Optional<String> cached(String key);

    /** Every cached entry whose key starts with {@code prefix}. */
    Map<String, String> cachedEntries(String prefix);

    /** The value of {@code key} as the store holds it now. */
    Optional<String> read(String key);

    /**
     * Sets {@code key} to {@code update} (empty removes it) if it holds {@code expected} (empty: absent).
     *
     * @return whether the value was changed
     */
    boolean compareAndSet(String key, Optional<String> expected, Optional<String> update);

    /** Re-reads every entry from the store and tells the watchers of each difference from the cache. */
    void refresh();

    /**
     * Brings in changes made elsewhere when the store cannot push them: cheap, meant to be called often (a no-op
     * for a store that pushes).
     */
    void poll();

    /**
     * Keeps the store's own quorum whole: a node that restarted (or lost its quorum identity in a merge) takes the
     * place of its former self; a no-op for a store without a quorum. May wait on the quorum.
     */
    void maintainQuorum();

    /**
     * Removes the quorum member at {@code memberAddress} ({@code host:port}), a node gone for good; false when the
     * store has no quorum or no member there. May wait on the quorum.
     */
    boolean removeQuorumMember(String memberAddress);

    /** Called with a key and its new value (empty when removed) after every change the node learns of. */
    void watch(BiConsumer<String, Optional<String>> watcher);

    /** Adds one to the counter {@code name} (0 when new) and returns its new value: a broker's heartbeat. */
    long increment(String name);

    /** The counter {@code name} as the store holds it now (0 when new). */
    long counter(String name);

    @Override
    void close();
}
