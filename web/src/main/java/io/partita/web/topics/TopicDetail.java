package io.partita.web.topics;

import java.util.List;

/**
 * {@code GET /api/topics/{name}}: a topic and each of its partitions. Immutable.
 *
 * @param name        the topic's name
 * @param topicId     its id (base64, as Kafka's tools print it)
 * @param internal    whether it is one of the cluster's own
 * @param partitions  its partitions, by number
 */
public record TopicDetail(String name, String topicId, boolean internal, List<PartitionView> partitions) {

    /**
     * One partition.
     *
     * @param partition       its number
     * @param leader          the node leading it, -1 when none
     * @param replicas        the nodes holding a replica, preferred leader first
     * @param isr             the in-sync replicas
     * @param logStartOffset  the first offset still in the log
     * @param logEndOffset    the offset the next record gets (the high watermark)
     * @param sizeBytes       the leader's log size on disk in bytes; null when the leader did not report it
     */
    public record PartitionView(int partition, int leader, List<Integer> replicas, List<Integer> isr,
                                long logStartOffset, long logEndOffset, Long sizeBytes) {
    }
}
