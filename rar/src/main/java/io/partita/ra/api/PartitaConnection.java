package io.partita.ra.api;

import jakarta.resource.ResourceException;

import java.time.Duration;

/**
 * An application's handle on the Partita node of this server, obtained from {@link PartitaConnectionFactory}.
 *
 * <p>Not thread-safe: use it on one thread and {@link #close()} it when done. Every method fails with a
 * {@link ResourceException} once the connection is closed or the node has stopped.
 */
public interface PartitaConnection extends AutoCloseable {

    /** Identity and state of the node. */
    NodeInfo nodeInfo() throws ResourceException;

    /** How often the host should run {@link #enforceRetention()}: the node's {@code log.retention.check.interval.ms}. */
    Duration retentionCheckInterval() throws ResourceException;

    /** Deletes whole segments past {@code retention.ms} or beyond {@code retention.bytes}; returns how many. */
    int enforceRetention() throws ResourceException;

    /** Flushes logs whose {@code flush.ms} has passed. */
    void flushDirtyLogs() throws ResourceException;

    /**
     * How often the host should run {@link #maintainReplication()}: half the node's {@code replica.lag.time.max.ms},
     * so a lagging follower leaves the ISR at most half a lag period late.
     */
    Duration replicationCheckInterval() throws ResourceException;

    /** Shrinks the ISR of partitions whose followers lag, restarts stalled fetchers and re-checks the controller. */
    void maintainReplication() throws ResourceException;

    /** Returns the connection to the pool; further calls fail. */
    @Override
    void close() throws ResourceException;
}
