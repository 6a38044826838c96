package io.partita.web.reassignments;

import java.util.List;

/**
 * {@code GET /api/topics/{topic}/reassignments}: where each partition's replicas are, and how far the running
 * reassignments have come. Immutable.
 *
 * @param topic        the topic's name
 * @param reassigning  whether any of its partitions is being reassigned
 * @param partitions   its partitions, by number
 */
public record TopicReassignments(String topic, boolean reassigning, List<PartitionReplicas> partitions) {

    /**
     * One partition. While it is reassigned, {@code replicas} holds the target replicas plus the ones being removed
     * (KIP-455).
     *
     * @param partition         its number
     * @param leader            the node leading it, -1 when none
     * @param replicas          the nodes holding a replica, preferred leader first
     * @param isr               the in-sync replicas
     * @param reassigning       whether a reassignment of it runs
     * @param addingReplicas    the nodes a running reassignment adds (empty when none runs)
     * @param removingReplicas  the nodes it removes once the added ones are in sync
     * @param leaderSizeBytes   the leader's log size on disk while a reassignment runs; null otherwise or when the
     *                          leader did not report it
     * @param progress          each adding replica's copy of the log, in the order of {@code addingReplicas}
     */
    public record PartitionReplicas(int partition, int leader, List<Integer> replicas, List<Integer> isr,
                                    boolean reassigning, List<Integer> addingReplicas, List<Integer> removingReplicas,
                                    Long leaderSizeBytes, List<ReplicaCopy> progress) {
    }

    /**
     * How far an added replica has copied the leader's log.
     *
     * @param broker     the node it is on
     * @param sizeBytes  its log size on disk; null when the node did not report it (not created yet, or unreachable)
     * @param inSync     whether it has joined the ISR (the reassignment finishes once every added replica has)
     */
    public record ReplicaCopy(int broker, Long sizeBytes, boolean inSync) {
    }
}
