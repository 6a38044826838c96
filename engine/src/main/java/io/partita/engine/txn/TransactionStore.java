package io.partita.engine.txn;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the transaction coordinator keeps its records ({@link TransactionRecord}), split into partitions (those of
 * {@code __transaction_state}); this node coordinates the transactional ids of the partitions it leads. The store
 * holds the log only: what the records add up to is kept, and replayed, by the coordinator.
 *
 * <p>An append that fails completes exceptionally: with {@link org.apache.kafka.common.errors.NotCoordinatorException}
 * (or {@link org.apache.kafka.common.errors.NotLeaderOrFollowerException}) when this node no longer leads the
 * partition, with any other exception when the partition cannot take it now. A failed append may still be in the
 * log (it reached the leader but not every in-sync replica): whoever loads the partition next replays it.
 *
 * <p>Called from the coordinator's single thread only; implementations need no locking for that. Appends may
 * complete on any thread.
 */
public interface TransactionStore {

    /**
     * The broker that coordinates the id: the leader of its partition, creating the partitions when there are none
     * yet. Empty when no broker can coordinate it now.
     */
    OptionalInt coordinatorNodeId(String transactionalId);

    /** The partition that holds the id; -1 while there are no partitions yet. */
    int partitionOf(String transactionalId);

    /** The partitions this node leads now, each with its leader epoch (the coordinator epoch markers carry). */
    Map<Integer, Integer> ledPartitions();

    /**
     * Reads a partition this node leads, giving every record to {@code replay} in the order they were appended.
     *
     * @throws IOException when the partition cannot be read; what was given so far is to be discarded
     */
    void read(int partition, Consumer<TransactionRecord> replay) throws IOException;

    /** Appends the record to its id's partition; completes when every in-sync replica has it. */
    CompletableFuture<Void> append(TransactionRecord record);
}
