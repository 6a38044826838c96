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
 * @param executorWaits             per engine executor, how long its tasks waited to run
 */
public record NodeStats(long producedRecords, long bytesIn, long bytesOut, long replicationBytesOut,
                        int underReplicatedPartitions, List<ApiRequests> requests,
                        List<ExecutorWaits> executorWaits) implements Serializable {

    /**
     * Requests of one Kafka API the node answered.
     *
     * @param api        Kafka's name of the API ({@code Produce}, {@code Fetch}, {@code Metadata} ...)
     * @param count      requests answered
     * @param totalNanos their time together, each from being taken up to its answer being written
     */
    public record ApiRequests(String api, long count, long totalNanos) implements Serializable {
    }

    /**
     * How long the tasks of one of the engine's single-thread executors waited between their submission and their
     * run, since the node started: its head-of-line delay. The quantiles are upper bounds (log-2 buckets).
     *
     * @param executor   the executor's name ({@code group coordinator}, {@code metadata} ...)
     * @param tasks      tasks started
     * @param p50Micros  the median wait, at most
     * @param p99Micros  the 99th percentile of the waits, at most
     * @param maxMicros  the longest wait
     */
    public record ExecutorWaits(String executor, long tasks, long p50Micros, long p99Micros, long maxMicros)
            implements Serializable {
    }
}
