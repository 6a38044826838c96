package io.partita.engine;

/**
 * The periodic jobs of a node, run by whoever hosts it: EJB timers in the application server, the engine's own
 * scheduler when it runs alone. Every method is safe to call from any thread, at any rate, and returns quickly
 * when there is nothing to do.
 */
public interface Maintenance {

    /** Deletes whole segments past {@code retention.ms} or beyond {@code retention.bytes}; returns how many. */
    int enforceRetention();

    /** Flushes logs whose {@code flush.ms} has passed. */
    void flushDirtyLogs();
}
