package io.partita.engine.protocol;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * {@code max.partitions.per.request}: the most partitions one request may create, as Kafka's controller refuses a
 * request of more than 10,000 (KAFKA-17870) with POLICY_VIOLATION and the same words. Checked before any replica is
 * placed, so an excessive request costs next to nothing and changes nothing. Immutable.
 */
record RequestPartitionLimit(int max) {

    static RequestPartitionLimit from(NodeConfig node) {
        return new RequestPartitionLimit(node.maxPartitionsPerRequest());
    }

    /**
     * @param partitions how many the request would create
     * @param kind       "partitions" for new topics, "additional partitions" for CreatePartitions
     * @throws PolicyViolationException when {@code partitions} exceeds the limit
     */
    void check(long partitions, String kind) {
        if (allows(partitions)) return;
        throw new PolicyViolationException("Excessively large number of " + kind + " per request: " + partitions
                + ", more than " + NodeConfig.MAX_PARTITIONS_PER_REQUEST + "=" + max + ".");
    }

    boolean allows(long partitions) {
        return partitions <= max;
    }
}
