package io.partita.engine.log;

/**
 * An offset and the byte position in its segment's data file of a batch that ends at or before it: the place to
 * start scanning forward for the offset.
 */
record OffsetPosition(long offset, int position) {
}
