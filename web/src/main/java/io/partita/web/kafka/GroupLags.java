package io.partita.web.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lag of every consumer group of the cluster on each partition it committed an offset for: the partition's last
 * stable offset minus the committed one, as {@code GET /api/groups/{id}} shows it. Three admin round trips whatever
 * the number of groups: list the groups, fetch their committed offsets (batched per coordinator), list the
 * partitions' ends. Stateless.
 */
public final class GroupLags {

    private GroupLags() {
    }

    /** Lag by group id, then by partition; groups without committed offsets have an empty map. */
    public static Map<String, Map<TopicPartition, Long>> all(Admin admin) {
        return of(admin, Futures.get(admin.listGroups().all()).stream()
                .filter(GroupLags::holdsConsumerOffsets).map(GroupListing::groupId).toList());
    }

    /**
     * Lag of the consumer groups {@code groupIds} by group id, then by partition: two admin round trips whatever
     * their number (their committed offsets, batched per coordinator; the partitions' ends).
     */
    public static Map<String, Map<TopicPartition, Long>> of(Admin admin, Collection<String> groupIds) {
        if (groupIds.isEmpty()) return Map.of();
        Map<String, ListConsumerGroupOffsetsSpec> groups = groupIds.stream()
                .collect(Collectors.toMap(group -> group, group -> new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                Futures.get(admin.listConsumerGroupOffsets(groups).all());
        Set<TopicPartition> partitions = new HashSet<>();
        committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
            if (offset != null) partitions.add(partition);
        }));
        Map<TopicPartition, Long> ends = PartitionOffsets.lastStable(admin, partitions);
        Map<String, Map<TopicPartition, Long>> lags = new TreeMap<>();
        committed.forEach((group, offsets) -> lags.put(group, offsets.entrySet().stream()
                .filter(entry -> entry.getValue() != null && ends.containsKey(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey,
                        entry -> lag(entry.getValue().offset(), ends.get(entry.getKey()))))));
        return lags;
    }

    /** How far a committed offset is behind the partition's end; never negative. */
    public static long lag(long committed, long end) {
        return Math.max(0, end - committed);
    }

    /** Whether the group may hold committed offsets: a classic or consumer-protocol group (not a share group). */
    public static boolean holdsConsumerOffsets(GroupListing group) {
        return group.type().map(type -> type == GroupType.CLASSIC || type == GroupType.CONSUMER).orElse(true);
    }
}
