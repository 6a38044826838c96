package io.partita.engine.cluster;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses the replicas of new partitions on the given brokers. Leaders (the first replica) go round-robin so that
 * every broker leads as many new partitions as any other, give or take one.
 *
 * <p>Without racks, each partition's replica list starts one broker further on in id order, as Kafka's rack-unaware
 * assignment does. When brokers have racks, the round-robin runs over a rack-alternated order (the first broker of
 * each rack, then the second of each, ...), and each follower is the next broker in that order, shifted per round
 * of partitions so followers spread too, on a rack the partition does not use yet; only once every rack holds a
 * replica does a rack get a second one. So each partition spans {@code min(replication factor, racks)} racks. A
 * broker without a rack counts as a rack of its own kind (all such brokers together). Stateless.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * @param brokers        the brokers to place on, sorted by id
     * @param firstPartition the number of the first new partition
     * @param count          how many partitions to place
     */
    static List<PartitionAssignment> place(List<BrokerInfo> brokers, int firstPartition, int count, int replicationFactor) {
        if (replicationFactor > brokers.size()) {
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + replicationFactor
                    + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokers.size() + " broker(s) are registered or some brokers have all their log directories cordoned.");
        }
        boolean racks = brokers.stream().anyMatch(b -> b.rack() != null && !b.rack().isEmpty());
        List<PartitionAssignment> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int partition = firstPartition + i;
            List<Integer> replicas = racks ? rackAware(rackAlternated(brokers), partition, replicationFactor)
                    : rackUnaware(brokers, partition, replicationFactor);
            result.add(new PartitionAssignment(partition, replicas, replicas.get(0), 0, replicas, 0));
        }
        return result;
    }

    private static List<Integer> rackUnaware(List<BrokerInfo> brokers, int partition, int replicationFactor) {
        List<Integer> replicas = new ArrayList<>(replicationFactor);
        for (int r = 0; r < replicationFactor; r++) replicas.add(brokers.get((partition + r) % brokers.size()).nodeId());
        return replicas;
    }

    private static List<Integer> rackAware(List<BrokerInfo> order, int partition, int replicationFactor) {
        int n = order.size();
        int leaderIndex = partition % n;
        // Each full round of partitions starts its followers one step further, so follower sets differ between rounds.
        int shift = n == 1 ? 0 : (partition / n) % (n - 1);
        List<Integer> replicas = new ArrayList<>(replicationFactor);
        Set<String> racksUsed = new HashSet<>();
        Set<String> allRacks = new HashSet<>();
        order.forEach(b -> allRacks.add(rackOf(b)));
        replicas.add(order.get(leaderIndex).nodeId());
        racksUsed.add(rackOf(order.get(leaderIndex)));
        while (replicas.size() < replicationFactor) {
            BrokerInfo chosen = null;
            for (int k = 0; k < n - 1 && chosen == null; k++) {
                BrokerInfo candidate = order.get((leaderIndex + 1 + (shift + k) % (n - 1)) % n);
                boolean newRack = !racksUsed.contains(rackOf(candidate)) || racksUsed.size() == allRacks.size();
                if (newRack && !replicas.contains(candidate.nodeId())) chosen = candidate;
            }
            if (chosen == null) {
                // Every rack not yet used is full of replicas already: take the next unused broker anywhere.
                for (int k = 0; k < n - 1 && chosen == null; k++) {
                    BrokerInfo candidate = order.get((leaderIndex + 1 + (shift + k) % (n - 1)) % n);
                    if (!replicas.contains(candidate.nodeId())) chosen = candidate;
                }
            }
            replicas.add(Objects.requireNonNull(chosen).nodeId());
            racksUsed.add(rackOf(chosen));
        }
        return replicas;
    }

    /** The first broker of each rack (racks by name), then the second of each, and so on. */
    static List<BrokerInfo> rackAlternated(List<BrokerInfo> brokers) {
        Map<String, List<BrokerInfo>> byRack = new TreeMap<>();
        for (BrokerInfo b : brokers) byRack.computeIfAbsent(rackOf(b), r -> new ArrayList<>()).add(b);
        List<BrokerInfo> order = new ArrayList<>(brokers.size());
        for (int round = 0; order.size() < brokers.size(); round++) {
            for (List<BrokerInfo> rack : byRack.values()) if (round < rack.size()) order.add(rack.get(round));
        }
        return order;
    }

    private static String rackOf(BrokerInfo b) {
        return b.rack() == null ? "" : b.rack();
    }
}
