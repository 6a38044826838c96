package io.partita.engine.log;

import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one compaction pass knows of transactions: which transactional batches were aborted (their records are
 * removed, never kept as the latest value of a key), and, as the pass walks the log in offset order, whether each
 * producer's current transaction still has data left, which decides whether its marker may go.
 *
 * <p>Not thread-safe: one compaction pass uses it, in offset order.
 */
final class CleanedTransactions {

    /** Per producer, its aborted transactions by first offset. */
    private final Map<Long, TreeMap<Long, AbortedTxn>> aborted = new HashMap<>();
    private final Set<Long> withRetainedData = new HashSet<>();

    CleanedTransactions(List<AbortedTxn> abortedTxns) {
        for (AbortedTxn txn : abortedTxns) aborted.computeIfAbsent(txn.producerId(), p -> new TreeMap<>()).put(txn.firstOffset(), txn);
    }

    /** Whether {@code batch} is data of an aborted transaction. */
    boolean isAborted(RecordBatch batch) {
        if (!batch.isTransactional() || batch.isControlBatch()) return false;
        TreeMap<Long, AbortedTxn> txns = aborted.get(batch.producerId());
        if (txns == null) return false;
        Map.Entry<Long, AbortedTxn> floor = txns.floorEntry(batch.baseOffset());
        return floor != null && floor.getValue().lastOffset() > batch.baseOffset();
    }

    /** A record of {@code batch}, a committed transaction's, is kept. */
    void retained(RecordBatch batch) {
        if (batch.isTransactional()) withRetainedData.add(batch.producerId());
    }

    /** A marker of {@code batch}'s producer ends its transaction: whether any of its data was kept. */
    boolean endedWithData(RecordBatch marker) {
        return withRetainedData.remove(marker.producerId());
    }
}
