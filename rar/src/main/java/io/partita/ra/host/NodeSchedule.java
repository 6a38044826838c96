package io.partita.ra.host;

import jakarta.resource.ResourceException;

import java.time.Duration;

/**
 * The node's table of periodic jobs (retention, high-watermark checkpoint, replication and transaction upkeep, the
 * metadata heartbeat and poll, ...) as the server's timer drives it: Partita's EJB module looks it up as an
 * administered object of the resource adapter and calls {@link #runDueJobs()} every {@link #tickInterval()}. The
 * engine decides which jobs are due and runs them on its own threads.
 *
 * <p>For Partita's own modules: it is not in the {@code api} jar applications compile against. Thread-safe.
 */
public interface NodeSchedule {

    /**
     * How often {@link #runDueJobs()} should be called: the finest interval of the node's jobs.
     *
     * @throws ResourceException when the node of this server is not running
     */
    Duration tickInterval() throws ResourceException;

    /**
     * Hands every due job to the engine thread that runs it and returns at once (it never waits for a job, nor for
     * the metadata quorum). Does nothing while the node is not running.
     */
    void runDueJobs();
}
