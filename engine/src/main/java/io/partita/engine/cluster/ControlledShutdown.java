package io.partita.engine.cluster;

import java.time.Clock;
import java.util.Set;

/**
 * A node's controlled shutdown: it marks its broker as shutting down, the controller moves the leadership of its
 * partitions to other in-sync replicas (and drops it from their ISRs), and the node waits, at most a bounded time,
 * until it leads no partition another live in-sync replica could lead. Clients then meet only retriable errors
 * (NOT_LEADER_OR_FOLLOWER) and move to the new leaders while this node still answers.
 *
 * <p>Not thread-safe: run once, by the closing thread.
 */
public final class ControlledShutdown {

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final Clock clock;
    private final Object changed = new Object();

    public ControlledShutdown(int nodeId, ClusterMetadata cluster, Clock clock) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** @return true when leadership moved away in time (or there was none to move) */
    public boolean run(long maxWaitMs) throws InterruptedException {
        if (cluster.liveBrokers().stream().noneMatch(b -> b.nodeId() != nodeId)) return true;
        cluster.observeTopics((name, now) -> {
            synchronized (changed) {
                changed.notifyAll();
            }
        });
        cluster.beginControlledShutdown();
        long deadline = clock.millis() + maxWaitMs;
        synchronized (changed) {
            while (leadsMovablePartitions()) {
                long left = deadline - clock.millis();
                if (left <= 0) return false;
                // Woken by every metadata change; the timeout only covers a change that raced the check.
                changed.wait(Math.min(left, 200));
            }
        }
        return true;
    }

    private boolean leadsMovablePartitions() {
        Set<Integer> others = cluster.liveBrokers().stream().filter(b -> b.nodeId() != nodeId && !b.shuttingDown())
                .map(BrokerInfo::nodeId).collect(java.util.stream.Collectors.toSet());
        for (TopicMetadata t : cluster.topics()) {
            for (PartitionAssignment p : t.partitions()) {
                if (p.leader() == nodeId && p.isr().stream().anyMatch(others::contains)) return true;
            }
        }
        return false;
    }
}
