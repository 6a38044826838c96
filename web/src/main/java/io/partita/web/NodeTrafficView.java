package io.partita.web;

import io.partita.ra.api.NodeStats;

import java.util.List;

/**
 * The JSON body of {@code GET /api/node/traffic}: what this server's node served since it started. Immutable.
 *
 * @param nodeId                    the node's {@code node.id}
 * @param producedRecords           records appended by clients' Produce requests
 * @param bytesIn                   bytes of those records
 * @param bytesOut                  bytes of records sent to consumers
 * @param replicationBytesOut       bytes of records sent to followers
 * @param underReplicatedPartitions partitions the node leads whose ISR is smaller than their replica set
 * @param requests                  answered requests per Kafka API
 */
public record NodeTrafficView(int nodeId, long producedRecords, long bytesIn, long bytesOut, long replicationBytesOut,
                              int underReplicatedPartitions, List<ApiRequests> requests) {

    /** One Kafka API: requests answered and their time together, in seconds. */
    public record ApiRequests(String api, long count, double totalSeconds) {
    }

    static NodeTrafficView of(int nodeId, NodeStats stats) {
        return new NodeTrafficView(nodeId, stats.producedRecords(), stats.bytesIn(), stats.bytesOut(),
                stats.replicationBytesOut(), stats.underReplicatedPartitions(), stats.requests().stream()
                .map(api -> new ApiRequests(api.api(), api.count(), api.totalNanos() / 1e9)).toList());
    }
}
