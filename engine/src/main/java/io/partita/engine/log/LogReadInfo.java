package io.partita.engine.log;

import org.apache.kafka.common.record.internal.Records;

/**
 * What a fetch reads from a partition log: whole batches (a zero-copy slice of a segment file, or empty) and the
 * log's offsets at the time of the read.
 */
public record LogReadInfo(Records records, long highWatermark, long logStartOffset, long logEndOffset) {
}
