package io.partita.web.groups;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/groups/{id}}: a consumer group, its members and, per partition, where it stands. Immutable.
 *
 * @param groupId        the group's id
 * @param state          by Kafka's names (Stable, Empty ...)
 * @param assignor       the partition assignor the members agreed on, empty when none
 * @param coordinatorId  the node coordinating the group
 * @param members        the members and what each is assigned
 * @param offsets        per partition with a committed offset or an assignment: committed offset, log end, lag
 * @param totalLag       the sum of the lags known
 */
public record GroupDetail(String groupId, String state, String assignor, int coordinatorId, List<Member> members,
                          List<PartitionLag> offsets, long totalLag) {

    static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /**
     * A member of the group.
     *
     * @param memberId     its id given by the coordinator
     * @param clientId     the client's {@code client.id}
     * @param host         where it connects from
     * @param assignments  the partitions it is assigned, as {@code topic-partition}
     */
    public record Member(String memberId, String clientId, String host, List<String> assignments) {

        /** A member assigned {@code assigned}, listed by topic and partition. */
        static Member of(String memberId, String clientId, String host, Collection<TopicPartition> assigned) {
            return new Member(memberId, clientId, host,
                    assigned.stream().sorted(BY_TOPIC_AND_PARTITION).map(TopicPartition::toString).toList());
        }
    }

    /**
     * Where the group stands in one partition.
     *
     * @param topic            the topic
     * @param partition        the partition
     * @param committedOffset  the group's committed offset, null when it committed none
     * @param logEndOffset     the partition's log end offset
     * @param lag              log end minus committed, null when nothing is committed; the log end is the last
     *                         stable offset (the high watermark unless a transaction is open), so that transaction
     *                         markers a read_committed group never receives do not count as lag
     * @param memberId         the member assigned the partition, null when none
     */
    public record PartitionLag(String topic, int partition, Long committedOffset, long logEndOffset, Long lag,
                               String memberId) {
    }
}
