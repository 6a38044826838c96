package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A server-side partition assignor of the consumer group protocol (KIP-848), chosen by {@code group.consumer.assignors}
 * and by the {@code group.remote.assignor} of the members.
 *
 * <p>Implementations are stateless and thread-safe; the result depends only on the arguments.
 */
interface ServerAssignor {

    /** The name members ask for ({@code uniform}, {@code range}) and ConsumerGroupDescribe reports. */
    String name();

    /**
     * The target assignment of every member: each partition of a topic some member subscribes to goes to exactly one
     * member subscribed to its topic; members without partitions map to an empty set.
     *
     * @param members         every member with the topics it subscribes to (existing topics only)
     * @param partitionCounts partition count of every subscribed topic
     * @param current         the previous target assignment, for stickiness; may name members and partitions that are gone
     */
    Map<String, Set<TopicPartition>> assign(Collection<Subscriber> members, Map<String, Integer> partitionCounts,
                                            Map<String, Set<TopicPartition>> current);

    /** One member as the assignor sees it. */
    record Subscriber(String memberId, Set<String> topics) {

        public Subscriber {
            topics = Set.copyOf(topics);
        }
    }
}
