package io.partita.engine.metrics;

/**
 * One topic's traffic on this node since its counters were made ({@link TrafficTotals#topics()}): what clients
 * produced to the partitions of it this node leads, and what consumers fetched of it from this node. Immutable.
 *
 * @param recordsIn records appended by clients' Produce requests
 * @param bytesIn   bytes of those records
 * @param bytesOut  bytes of records sent to consumers
 */
public record TopicTotals(long recordsIn, long bytesIn, long bytesOut) {

    public static final TopicTotals NONE = new TopicTotals(0, 0, 0);
}
