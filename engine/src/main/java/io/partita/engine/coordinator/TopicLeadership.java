package io.partita.engine.coordinator;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the metadata changes of one internal topic into the {@link PartitionSource.Leadership} changes of this node:
 * a partition newly led (or led at a new leader epoch: another node may have written meanwhile) and a partition no
 * longer led. Thread-safe: metadata changes arrive on whatever thread learnt of them.
 */
public final class TopicLeadership {

    private final int nodeId;
    private final PartitionSource.Leadership listener;
    /** Partition to leader epoch, of the partitions this node leads. Guarded by {@code this}. */
    private final Map<Integer, Integer> led = new HashMap<>();

    private TopicLeadership(int nodeId, PartitionSource.Leadership listener) {
        this.nodeId = nodeId;
        this.listener = listener;
    }

    /** Starts telling {@code listener} of this node's leadership of {@code topic}, beginning with what it leads now. */
    public static void follow(ClusterMetadata cluster, int nodeId, String topic, PartitionSource.Leadership listener) {
        TopicLeadership tracker = new TopicLeadership(nodeId, listener);
        cluster.observeTopics((name, now) -> {
            if (name.equals(topic)) tracker.update(now);
        });
        tracker.update(cluster.topic(topic));
    }

    private synchronized void update(Optional<TopicMetadata> topic) {
        Map<Integer, Integer> now = new HashMap<>();
        topic.ifPresent(t -> t.partitions().stream().filter(p -> p.leader() == nodeId)
                .forEach(p -> now.put(p.partition(), p.leaderEpoch())));
        for (Integer partition : List.copyOf(led.keySet())) {
            if (!now.containsKey(partition)) {
                led.remove(partition);
                listener.resigned(partition);
            }
        }
        now.forEach((partition, epoch) -> {
            if (!epoch.equals(led.put(partition, epoch))) listener.led(partition, epoch);
        });
    }
}
