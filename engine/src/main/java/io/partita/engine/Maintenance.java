package io.partita.engine;

/**
 * The periodic jobs of a node, run by whoever hosts it: EJB timers in the application server, the engine's own
 * scheduler when it runs alone. Every method is safe to call from any thread, at any rate, and returns quickly
 * when there is nothing to do.
 */
public interface Maintenance {

    /** Deletes whole segments past {@code retention.ms} or beyond {@code retention.bytes}; returns how many. */
    int enforceRetention();

    /**
     * Flushes logs whose {@code flush.ms} has passed and checkpoints the high watermarks every {@code
     * replica.high.watermark.checkpoint.interval.ms}.
     */
    void flushDirtyLogs();

    /**
     * The replication upkeep: drops followers lagging more than {@code replica.lag.time.max.ms} from the ISR of the
     * partitions this node leads, reopens offline logs when their disk has room, restarts stalled replica fetchers and
     * re-checks the controller role. Run it about every half {@code replica.lag.time.max.ms}.
     */
    void maintainReplication();

    /**
     * The transaction coordinator's upkeep: aborts transactions open past their {@code transaction.timeout.ms},
     * completes ends whose markers are not all written, forgets ids idle for {@code transactional.id.expiration.ms}.
     * Run it every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}.
     */
    void maintainTransactions();

    /**
     * The group upkeep: removes the committed offsets of groups without members that are older than
     * {@code offsets.retention.minutes} (tombstones in {@code __consumer_offsets}), then the groups left with
     * neither members nor offsets. Hands the work to the group coordinator's thread and returns; run it every
     * {@code offsets.retention.check.interval.ms}. Member sessions and rebalance delays are not here: they are
     * timers of each group on the coordinator's thread, as precise as Kafka's.
     */
    void expireGroupOffsets();
}
