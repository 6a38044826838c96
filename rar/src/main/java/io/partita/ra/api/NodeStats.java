package io.partita.ra.api;

import java.io.Serializable;
import java.util.List;

/**
 * What a node has served since it started, and the state of the partitions it leads. Immutable. The traffic numbers
 * only grow while the node runs (they start from zero when it restarts): rates come from their differences.
 *
 * @param producedRecords           records appended by clients' Produce requests
 * @param bytesIn                   bytes of those records
 * @param bytesOut                  bytes of records sent to consumers
 * @param replicationBytesOut       bytes of records sent to followers
 * @param underReplicatedPartitions partitions this node leads whose ISR is smaller than their replica set, now
 * @param requests                  per Kafka API requested at least once
 */
public record NodeStats(long producedRecords, long bytesIn, long bytesOut, long replicationBytesOut,
                        int underReplicatedPartitions, List<ApiRequests> requests) implements Serializable {

    /**
     * Requests of one Kafka API the node answered.
     *
     * @param api        Kafka's name of the API ({@code Produce}, {@code Fetch}, {@code Metadata} ...)
     * @param count      requests answered
     * @param totalNanos their time together, each from being taken up to its answer being written
     */
    public record ApiRequests(String api, long count, long totalNanos) implements Serializable {
    }
}
