package io.partita.engine.replication;

import io.partita.engine.quota.RateQuota;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One side (leader or follower) of Kafka's replication throttle (KIP-73) on this node: the replicas it throttles,
 * from a topic config ({@code leader.replication.throttled.replicas} or {@code
 * follower.replication.throttled.replicas}: {@code partition:broker} pairs, of which those naming this node count,
 * or {@code *} for every partition), and the {@link RateQuota} their bytes are measured against (the
 * broker's {@code leader/follower.replication.throttled.rate}).
 *
 * <p>A throttled replica is held back only while the quota is exceeded and the replica is out of sync, as in
 * Kafka: the bytes of in-sync throttled replicas count against the quota, but they always flow, so a throttle never
 * slows down the ISR. Thread-safe: the throttled partitions are an immutable set per topic in a concurrent map.
 */
final class ReplicationThrottle {

    private static final Set<Integer> ALL = Set.of(-1);

    private final int nodeId;
    private final String replicasConfig;
    private final RateQuota quota;
    private final Map<String, Set<Integer>> throttled = new ConcurrentHashMap<>();

    /**
     * @param replicasConfig the topic config naming the throttled replicas of this side
     */
    ReplicationThrottle(int nodeId, String replicasConfig, RateQuota quota) {
        this.nodeId = nodeId;
        this.replicasConfig = replicasConfig;
        this.quota = quota;
    }

    RateQuota quota() {
        return quota;
    }

    /** Takes up a topic's configs as they are now stored; empty when the topic was deleted. */
    void topicChanged(String topic, Optional<Map<String, String>> configs) {
        Set<Integer> partitions = configs.map(c -> partitionsOfThisNode(c.getOrDefault(replicasConfig, ""))).orElse(Set.of());
        if (partitions.isEmpty()) throttled.remove(topic);
        else throttled.put(topic, partitions);
    }

    private Set<Integer> partitionsOfThisNode(String list) {
        if (list.trim().equals("*")) return ALL;
        Set<Integer> partitions = new HashSet<>();
        for (String entry : list.split(",")) {
            String[] pair = entry.trim().split(":");
            // The config was validated when stored: anything else is an empty list.
            if (pair.length == 2 && Integer.parseInt(pair[1].trim()) == nodeId) partitions.add(Integer.parseInt(pair[0].trim()));
        }
        return Set.copyOf(partitions);
    }

    boolean isThrottled(TopicPartition tp) {
        Set<Integer> partitions = throttled.get(tp.topic());
        return partitions != null && (partitions == ALL || partitions.contains(tp.partition()));
    }

    /** Whether {@code tp}'s bytes must wait now: it is throttled, out of sync, and the quota is exceeded. */
    boolean holdsBack(TopicPartition tp, boolean inSync) {
        return !inSync && isThrottled(tp) && quota.isExceeded();
    }

    /** Counts bytes of {@code tp} that moved, when it is throttled. */
    void moved(TopicPartition tp, long bytes) {
        if (bytes > 0 && isThrottled(tp)) quota.record(bytes);
    }
}
