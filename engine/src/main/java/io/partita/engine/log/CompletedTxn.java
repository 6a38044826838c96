package io.partita.engine.log;

/**
 * A transaction of one producer that a commit or abort marker ended in this partition.
 *
 * @param firstOffset the first offset of the transaction's data here, or the marker's offset when it had none
 * @param lastOffset  the offset of the marker
 */
record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
}
