package io.partita.engine.txn;

/**
 * The states of a transactional id, with the names Kafka's tools show and filter by ({@code kafka-transactions.sh
 * list --state}). A transaction moves Empty/Complete* → Ongoing → Prepare* → Complete*; PrepareEpochFence is not
 * used here: a fenced ongoing transaction goes straight to PrepareAbort with the bumped epoch.
 */
public enum TransactionState {
    EMPTY("Empty", 0),
    ONGOING("Ongoing", 1),
    PREPARE_COMMIT("PrepareCommit", 2),
    PREPARE_ABORT("PrepareAbort", 3),
    COMPLETE_COMMIT("CompleteCommit", 4),
    COMPLETE_ABORT("CompleteAbort", 5),
    DEAD("Dead", 6),
    PREPARE_EPOCH_FENCE("PrepareEpochFence", 7);

    private final String kafkaName;
    private final byte id;

    TransactionState(String kafkaName, int id) {
        this.kafkaName = kafkaName;
        this.id = (byte) id;
    }

    /** The name Kafka's DescribeTransactions and ListTransactions use. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The number stored in {@code __transaction_state} (see {@link TransactionLogRecords}). */
    byte id() {
        return id;
    }

    static TransactionState ofId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) return s;
        }
        throw new IllegalArgumentException("unknown transaction state " + id);
    }

    /** True while markers are to be written: the outcome is decided but not yet in every partition. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** True when no transaction is open or being completed: a new one may start. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }
}
