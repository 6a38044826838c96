package io.partita.web.topics;

import io.partita.web.kafka.PartitionOffsets;
import io.partita.web.kafka.PartitionSizes;
import io.partita.web.kafka.TopicDescriptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every topic of the cluster with its counts, for {@code GET /api/topics}. The cost does not grow in round trips with
 * the number of topics: one Metadata (describe all), one ListOffsets per leader for the log starts and one for the
 * ends (the admin client batches them by leader), one DescribeLogDirs per node for the sizes. Stateless.
 */
final class TopicSummaries {

    private TopicSummaries() {
    }

    static List<TopicSummary> all(Admin admin) {
        Collection<TopicDescription> topics = TopicDescriptions.all(admin).values();
        List<TopicPartition> partitions = topics.stream().flatMap(topic -> topic.partitions().stream()
                .map(partition -> new TopicPartition(topic.name(), partition.partition()))).toList();
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        topics.forEach(topic -> topic.partitions().forEach(partition -> {
            if (partition.leader() != null && !partition.leader().isEmpty()) {
                leaders.put(new TopicPartition(topic.name(), partition.partition()), partition.leader().id());
            }
        }));
        Map<TopicPartition, Long> start = PartitionOffsets.of(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = PartitionOffsets.of(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> sizes = PartitionSizes.ofLeaders(admin, leaders);
        return topics.stream()
                .sorted(Comparator.comparing(TopicDescription::name))
                .map(topic -> summary(topic, start, end, sizes))
                .toList();
    }

    private static TopicSummary summary(TopicDescription topic, Map<TopicPartition, Long> start,
                                        Map<TopicPartition, Long> end, Map<TopicPartition, Long> sizes) {
        long ends = 0;
        long records = 0;
        Long size = null;
        int underReplicated = 0;
        for (TopicPartitionInfo partition : topic.partitions()) {
            TopicPartition key = new TopicPartition(topic.name(), partition.partition());
            long last = end.getOrDefault(key, 0L);
            ends += last;
            records += last - start.getOrDefault(key, last);
            Long bytes = sizes.get(key);
            if (bytes != null) size = size == null ? bytes : size + bytes;
            if (partition.isr().size() < partition.replicas().size()) underReplicated++;
        }
        return new TopicSummary(topic.name(), topic.isInternal(), topic.partitions().size(),
                topic.partitions().isEmpty() ? 0 : topic.partitions().get(0).replicas().size(),
                ends, records, size, underReplicated);
    }
}
