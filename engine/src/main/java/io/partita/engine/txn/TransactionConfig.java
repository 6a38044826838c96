package io.partita.engine.txn;

import io.partita.engine.config.NodeConfig;

import java.util.Map;

/**
 * The transaction coordinator's settings, by Kafka's broker config names.
 *
 * @param numPartitions          {@code transaction.state.log.num.partitions}: fixed once {@code __transaction_state}
 *                               exists, as a transactional id's partition (and so its coordinator) follows from it
 * @param replicationFactor      {@code transaction.state.log.replication.factor}: capped at the live brokers
 * @param maxTimeoutMs           {@code transaction.max.timeout.ms}: the longest {@code transaction.timeout.ms} a
 *                               producer may ask for
 * @param abortCheckIntervalMs   {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}
 * @param idExpirationMs         {@code transactional.id.expiration.ms}: an id idle this long is forgotten
 */
public record TransactionConfig(int numPartitions, int replicationFactor, int maxTimeoutMs, int abortCheckIntervalMs,
                                int idExpirationMs) {

    /** {@code transaction.state.log.segment.bytes}'s default (100 MiB). */
    private static final int SEGMENT_BYTES = 100 * 1024 * 1024;

    /** The node's transaction settings (their ranges are checked by {@link NodeConfig}). */
    public static TransactionConfig from(NodeConfig node) {
        return new TransactionConfig(node.transactionStateLogNumPartitions(), node.transactionStateLogReplicationFactor(),
                node.transactionMaxTimeoutMs(), node.transactionAbortCheckIntervalMs(), node.transactionalIdExpirationMs());
    }

    /** The topic configs {@code __transaction_state} is created with: compacted, the latest state of each id survives. */
    Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "segment.bytes", Integer.toString(SEGMENT_BYTES),
                "compression.type", "uncompressed", "min.insync.replicas", "1");
    }
}
