package io.partita.engine.metrics.history;

import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.protocol.HighWatermarks;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The total lag of the groups this node coordinates: each committed offset behind its partition's high watermark,
 * summed over the group's partitions. The coordinator has the offsets; the high watermarks come from the logs of the
 * partitions this node leads and one ListOffsets per other leader ({@link HighWatermarks}), once per sampling for
 * all groups together. A group with a partition whose high watermark cannot be had now has no lag this time (a gap,
 * rather than a sum too small). Thread-safe.
 */
public final class GroupLags {

    /** Lags by group id of the groups sampled, and how many other groups were not, for want of room. */
    public record Sampled(Map<String, Long> lags, int leftOut) {
    }

    private final GroupCoordinator groups;
    private final HighWatermarks highWatermarks;

    public GroupLags(GroupCoordinator groups, HighWatermarks highWatermarks) {
        this.groups = groups;
        this.highWatermarks = highWatermarks;
    }

    /** The lags of at most {@code maxGroups} groups, the first by id. */
    public CompletableFuture<Sampled> sample(int maxGroups) {
        return groups.committedOffsets().thenCompose(all -> {
            List<String> sampled = all.keySet().stream().sorted().limit(maxGroups).toList();
            Set<TopicPartition> partitions = new HashSet<>();
            sampled.forEach(group -> partitions.addAll(all.get(group).keySet()));
            return highWatermarks.of(partitions).thenApply(ends -> {
                Map<String, Long> lags = new HashMap<>();
                for (String group : sampled) lag(all.get(group), ends).ifPresent(lag -> lags.put(group, lag));
                return new Sampled(lags, all.size() - sampled.size());
            });
        });
    }

    private static OptionalLong lag(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> offset : committed.entrySet()) {
            Long end = ends.get(offset.getKey());
            if (end == null) return OptionalLong.empty();
            total += Math.max(0, end - offset.getValue());
        }
        return OptionalLong.of(total);
    }
}
