package io.partita.engine.log;

/**
 * An aborted transaction of one producer in one partition, as the segment holding its abort marker indexes it.
 *
 * @param firstOffset      the first offset of the transaction's data (the marker's offset when it had none)
 * @param lastOffset       the offset of the abort marker
 * @param lastStableOffset the last stable offset just after the abort: every transaction that began below it had
 *                         ended by then, which lets a search stop (see {@link TransactionIndex#collect})
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
