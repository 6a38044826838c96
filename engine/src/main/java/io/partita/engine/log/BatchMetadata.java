package io.partita.engine.log;

/**
 * What is remembered of one appended idempotent batch to recognise a retry of it: its sequence range, the offsets
 * it was given and its max timestamp (the log-append time when the topic uses it).
 */
record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long maxTimestamp) {
}
