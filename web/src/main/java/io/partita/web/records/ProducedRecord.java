package io.partita.web.records;

/**
 * Where a produced record landed. Immutable.
 *
 * @param topic      the topic
 * @param partition  the partition
 * @param offset     its offset
 * @param timestamp  its timestamp, ms since the epoch
 */
public record ProducedRecord(String topic, int partition, long offset, long timestamp) {
}
