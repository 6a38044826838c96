package io.partita.engine.log;

/**
 * What a partition knows of one producer, as DescribeProducers reports it.
 *
 * @param lastSequence          the last sequence number appended, or -1
 * @param lastTimestamp         the max timestamp of its last batch or marker, or -1
 * @param coordinatorEpoch      the coordinator epoch of its last marker, or -1
 * @param currentTxnStartOffset the first offset of its open transaction, or -1
 */
public record ProducerSummary(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                              int coordinatorEpoch, long currentTxnStartOffset) {
}
