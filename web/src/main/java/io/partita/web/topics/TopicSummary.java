package io.partita.web.topics;

/**
 * A topic in {@code GET /api/topics}. Immutable.
 *
 * @param name                       the topic's name
 * @param internal                   whether it is one of the cluster's own (e.g. {@code __consumer_offsets})
 * @param partitions                 how many partitions it has
 * @param replicationFactor          replicas per partition
 * @param logEndOffsets              the sum of its partitions' log end offsets: how many records it was ever sent
 * @param records                    the sum of log end minus log start offsets: how many records it holds now
 * @param sizeBytes                  bytes on disk of one copy of it: the sum of its partitions' logs on their
 *                                   leaders; null when no leader reported a size
 * @param underReplicatedPartitions  how many of its partitions have fewer in-sync replicas than replicas
 */
public record TopicSummary(String name, boolean internal, int partitions, int replicationFactor, long logEndOffsets,
                           long records, Long sizeBytes, int underReplicatedPartitions) {
}
