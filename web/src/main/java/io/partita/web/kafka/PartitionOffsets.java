package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Log offsets of partitions (earliest, latest, by timestamp) through the node's admin client. Stateless. */
public final class PartitionOffsets {

    private PartitionOffsets() {
    }

    /** The offset {@code spec} names in each partition; -1 where a timestamp lies past the last record. */
    public static Map<TopicPartition, Long> of(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) {
        return of(admin, partitions, spec, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * Each partition's last stable offset: where a read_committed consumer's log ends (before the first open
     * transaction), which is the high watermark when no transaction is open. Consumer lag is measured against it,
     * so that a group reading committed data is not shown lagging by the transaction markers it never receives.
     */
    public static Map<TopicPartition, Long> lastStable(Admin admin, Collection<TopicPartition> partitions) {
        return of(admin, partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
    }

    private static Map<TopicPartition, Long> of(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec,
                                                IsolationLevel isolation) {
        if (partitions.isEmpty()) return Map.of();
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .distinct()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        return Futures.get(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }
}
