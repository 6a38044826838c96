package io.partita.engine.coordinator;

/**
 * A coordinator's store split into the partitions of an internal topic ({@code __consumer_offsets},
 * {@code __share_group_state}), as {@link ServedPartitions} loads and unloads them with this node's leadership.
 *
 * <p>Called from the coordinator's single thread, except {@link #read} (the loader's thread) and
 * {@link #observeLeadership} (once); implementations need no locking for that.
 *
 * @param <S> what reading one partition gives
 */
public interface PartitionSource<S> {

    /** Told, on any thread, each time this node starts or stops leading a partition of the store. */
    interface Leadership {

        /** This node leads the partition at {@code leaderEpoch}; told again when the epoch changes. */
        void led(int partition, int leaderEpoch);

        /** This node no longer leads the partition. */
        void resigned(int partition);
    }

    /** Starts telling {@code listener} of leadership changes, beginning with the partitions led now. */
    void observeLeadership(Leadership listener);

    /** Reads (replays) a partition this node leads; safe on any thread, and as slow as the partition is large. */
    S read(int partition);

    /** Makes what {@link #read} gave of the partition the store's own. */
    void install(int partition, S stored);

    /** Forgets what was installed or written of the partition (this node no longer leads it). */
    void unload(int partition);
}
