package io.partita.engine.cluster;

import org.apache.kafka.common.errors.PolicyViolationException;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps new partitions within each broker's {@code max.broker.partitions}: counts the partition replicas every
 * broker holds in the cluster metadata (internal topics and replicas a reassignment is still adding included) and
 * refuses a placement that would take a broker past its own limit, as KIP-578 proposed for Kafka. The count is that
 * of the metadata as the node asked sees it, which trails the quorum by up to one poll: two creations on different
 * nodes within that window can each pass alone. The limit guards a node's file handles, which a few partitions over
 * it do not exhaust. Stateless.
 */
final class BrokerPartitionLimits {

    private BrokerPartitionLimits() {
    }

    /**
     * @param topics  every topic as the metadata holds it now
     * @param brokers the brokers {@code placed} may name
     * @param placed  the new partitions' replicas
     * @param change  what is being done, the start of the refusal's message
     * @throws PolicyViolationException naming the first broker that would hold more than its limit
     */
    static void check(Collection<TopicMetadata> topics, List<BrokerInfo> brokers, List<PartitionAssignment> placed, String change) {
        Map<Integer, Integer> adding = new HashMap<>();
        for (PartitionAssignment p : placed) p.replicas().forEach(b -> adding.merge(b, 1, Integer::sum));
        Map<Integer, Integer> held = new HashMap<>();
        for (TopicMetadata t : topics) {
            for (PartitionAssignment p : t.partitions()) {
                for (int b : p.replicas()) if (adding.containsKey(b)) held.merge(b, 1, Integer::sum);
            }
        }
        for (BrokerInfo broker : brokers) {
            int now = held.getOrDefault(broker.nodeId(), 0);
            int after = now + adding.getOrDefault(broker.nodeId(), 0);
            if (after > broker.maxPartitions()) {
                throw new PolicyViolationException(change + " would put " + after + " partition replicas on broker "
                        + broker.nodeId() + ", more than its max.broker.partitions=" + broker.maxPartitions()
                        + " (it holds " + now + ").");
            }
        }
    }
}
