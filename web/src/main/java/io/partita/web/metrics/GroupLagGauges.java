package io.partita.web.metrics;

import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Consumer group lag as Kafka exporters show it: {@code partita_group_lag{group,topic,partition}} per partition a
 * group committed an offset for (at most {@value #MAX_PARTITION_SERIES} series, the first groups by name),
 * {@code partita_group_lag_sum{group}} per group, and {@code partita_group_lag_max}, the largest lag of any, which
 * is always there. A group's series appear with the first scrape after it committed an offset and go with it.
 *
 * <p>Computed through the node's admin client ({@link GroupLags}: three requests whatever the number of groups) at
 * most once per {@value #MAX_AGE_SECONDS} seconds, however often and by how many scrapers {@code /metrics} is read.
 * NaN while the node cannot answer. Thread-safe.
 */
@ApplicationScoped
public class GroupLagGauges {

    static final int MAX_PARTITION_SERIES = 1000;
    static final int MAX_AGE_SECONDS = 5;

    @Inject
    MetricRegistry registry;

    @Inject
    NodeClients clients;

    private Recent<Map<String, Map<TopicPartition, Long>>> lags;
    private TaggedGauges perPartition;
    private TaggedGauges perGroup;

    void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        lags = new Recent<>(this::read, TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS));
        perPartition = new TaggedGauges(registry, Metadata.builder().withName("partita.group.lag")
                .withDescription("Records a consumer group's committed offset is behind the partition's last stable offset")
                .build(), this::partitionLag);
        perGroup = new TaggedGauges(registry, Metadata.builder().withName("partita.group.lag.sum")
                .withDescription("A consumer group's lag over all its partitions").build(), this::groupLag);
        registry.gauge(Metadata.builder().withName("partita.group.lag.max")
                .withDescription("The largest lag of any consumer group on any partition").build(), this, gauges -> {
            Map<String, Map<TopicPartition, Long>> now = gauges.current();
            return now == null ? Double.NaN : now.values().stream().flatMap(lag -> lag.values().stream())
                    .mapToLong(Long::longValue).max().orElse(0);
        });
    }

    private Number partitionLag(Tag[] tags) {
        Map<String, Map<TopicPartition, Long>> now = current();
        if (now == null) return Double.NaN;
        Map<String, String> byName = byName(tags);
        Long lag = now.getOrDefault(byName.get("group"), Map.of())
                .get(new TopicPartition(byName.get("topic"), Integer.parseInt(byName.get("partition"))));
        return lag == null ? Double.NaN : lag;
    }

    private Number groupLag(Tag[] tags) {
        Map<String, Map<TopicPartition, Long>> now = current();
        if (now == null) return Double.NaN;
        Map<TopicPartition, Long> lag = now.get(tags[0].getTagValue());
        return lag == null ? Double.NaN : lag.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, Map<TopicPartition, Long>> current() {
        try {
            return lags.get();
        } catch (RuntimeException nodeUnavailable) {
            return null;
        }
    }

    private Map<String, Map<TopicPartition, Long>> read() {
        Map<String, Map<TopicPartition, Long>> now = GroupLags.all(clients.admin());
        Set<MetricID> partitions = new HashSet<>();
        Set<MetricID> groups = new HashSet<>();
        now.forEach((group, lag) -> {
            groups.add(perGroup.series(new Tag("group", group)));
            lag.keySet().forEach(partition -> {
                if (partitions.size() < MAX_PARTITION_SERIES) {
                    partitions.add(perPartition.series(new Tag("group", group), new Tag("topic", partition.topic()),
                            new Tag("partition", String.valueOf(partition.partition()))));
                }
            });
        });
        perPartition.keep(partitions);
        perGroup.keep(groups);
        return now;
    }

    private static Map<String, String> byName(Tag[] tags) {
        Map<String, String> byName = new HashMap<>();
        for (Tag tag : tags) byName.put(tag.getTagName(), tag.getTagValue());
        return byName;
    }
}
