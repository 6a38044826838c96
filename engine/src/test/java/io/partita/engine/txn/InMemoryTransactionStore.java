package io.partita.engine.txn;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotCoordinatorException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link TransactionStore} in memory, for unit tests: each partition a list of records, led by this node
 * ({@link #NODE_ID}) until the test moves its leadership. An append is in the log at once and acknowledged later,
 * on the given executor, as the in-sync replicas would; leadership lost meanwhile does not undo it (the record was
 * replicated before). Not thread-safe: one test thread drives it.
 */
final class InMemoryTransactionStore implements TransactionStore {

    static final int NODE_ID = 1;
    /** The node that leads a partition this one resigned. */
    static final int OTHER_NODE_ID = 2;

    private final int partitionCount;
    private final Executor replication;
    private final Map<Integer, List<TransactionRecord>> logs = new HashMap<>();
    /** Leader epoch of every partition; those this node leads are in {@link #led}. */
    private final Map<Integer, Integer> leaderEpochs = new HashMap<>();
    private final Map<Integer, Integer> led = new HashMap<>();
    private boolean unavailable;
    /** How many records a read gives before it fails, as at a corrupt batch; -1 for all. */
    private int readableRecords = -1;

    /** @param replication where appends are acknowledged */
    InMemoryTransactionStore(int partitionCount, Executor replication) {
        this.partitionCount = partitionCount;
        this.replication = replication;
        for (int p = 0; p < partitionCount; p++) {
            leaderEpochs.put(p, 0);
            led.put(p, 0);
            logs.put(p, new ArrayList<>());
        }
    }

    /** Another node leads the partition from now on, at the next leader epoch. */
    void resign(int partition) {
        leaderEpochs.merge(partition, 1, Integer::sum);
        led.remove(partition);
    }

    /** This node leads the partition again, at the next leader epoch. */
    void lead(int partition) {
        led.put(partition, leaderEpochs.merge(partition, 1, Integer::sum));
    }

    /** While true, appends fail as when the partition's in-sync replicas cannot take them, and log nothing. */
    void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** From now on a read gives this many records and then fails; -1 for all. */
    void readableRecords(int count) {
        this.readableRecords = count;
    }

    @Override
    public OptionalInt coordinatorNodeId(String transactionalId) {
        return OptionalInt.of(led.containsKey(partitionOf(transactionalId)) ? NODE_ID : OTHER_NODE_ID);
    }

    @Override
    public int partitionOf(String transactionalId) {
        return TransactionStateTopic.partitionFor(transactionalId, partitionCount);
    }

    @Override
    public Map<Integer, Integer> ledPartitions() {
        return Map.copyOf(led);
    }

    @Override
    public void read(int partition, Consumer<TransactionRecord> replay) throws IOException {
        List<TransactionRecord> log = logs.get(partition);
        int readable = readableRecords < 0 ? log.size() : Math.min(readableRecords, log.size());
        log.subList(0, readable).forEach(replay);
        if (readable < log.size()) throw new IOException("corrupt batch in partition " + partition);
    }

    @Override
    public CompletableFuture<Void> append(TransactionRecord record) {
        int partition = partitionOf(record.transactionalId());
        if (!led.containsKey(partition)) {
            return CompletableFuture.failedFuture(new NotCoordinatorException("partition " + partition + " is led elsewhere"));
        }
        if (unavailable) {
            return CompletableFuture.failedFuture(new CoordinatorNotAvailableException("no in-sync replicas"));
        }
        logs.get(partition).add(record);
        return CompletableFuture.runAsync(() -> { }, replication);
    }
}
