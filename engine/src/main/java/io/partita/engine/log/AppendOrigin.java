package io.partita.engine.log;

/**
 * Who asks a leader to append: the rules differ by origin. Only the transaction coordinator may write control batches
 * (commit and abort markers); a client that sends one is refused with INVALID_RECORD, as Kafka does. Batches a
 * follower copies from its leader take {@link PartitionLog#appendAsFollower} instead, which judges nothing.
 */
public enum AppendOrigin {
    /** A Produce request (and the engine's own writers that append like one, such as the group coordinator). */
    CLIENT,
    /** The transaction coordinator writing commit and abort markers. */
    COORDINATOR
}
