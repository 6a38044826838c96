package io.partita.engine.log;

/** A time-index entry: every record up to and including {@code offset} has a timestamp of at most {@code timestamp}. */
record TimestampOffset(long timestamp, long offset) {
}
