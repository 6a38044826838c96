package io.partita.engine.log;

/**
 * The published end of a partition log: the next offset to assign and the byte position just after the last whole
 * batch, in the segment starting at {@code segmentBaseOffset}. Readers never go beyond it, so they only see batches
 * whose append completed.
 */
record LogEndPosition(long nextOffset, long segmentBaseOffset, int position) {
}
