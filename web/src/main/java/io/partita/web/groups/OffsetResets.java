package io.partita.web.groups;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import io.partita.web.kafka.TopicDescriptions;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Resets a consumer group's committed offsets, or previews the reset, as {@code kafka-consumer-groups.sh
 * --reset-offsets} does with {@code --dry-run} or {@code --execute}: refused while the group has active members, every
 * new offset clamped to its partition's [log start, log end]. Thread-safe.
 */
@ApplicationScoped
public class OffsetResets {

    @Inject
    NodeClients clients;

    public OffsetResetPreview reset(String groupId, OffsetResetRequest request, boolean dryRun) {
        if (request == null) throw ApiProblem.badRequest("Give 'topics' and 'to', or 'offsets'");
        List<String> topics = request.topics == null ? List.of() : request.topics;
        Map<TopicPartition, Long> explicit = explicitOffsets(request);
        if (topics.isEmpty() && explicit.isEmpty()) {
            throw ApiProblem.badRequest("Give 'topics' (with 'to': " + ResetTarget.MODES + "), or 'offsets' by topic "
                    + "and partition");
        }
        ResetTarget target = topics.isEmpty() ? null : ResetTarget.of(request, Clock.systemUTC());
        Admin admin = clients.admin();
        Map<String, Integer> partitionCounts = new HashMap<>();
        Stream.concat(topics.stream(), explicit.keySet().stream().map(TopicPartition::topic)).forEach(topic ->
                partitionCounts.computeIfAbsent(topic, name -> TopicDescriptions.one(admin, name).partitions().size()));
        List<TopicPartition> moved = partitions(topics, request.partitions, partitionCounts);
        explicit.keySet().forEach(partition -> checkExists(partition, partitionCounts));
        refuseWhileActive(admin, groupId);

        Collection<TopicPartition> all = new TreeSet<>(GroupDetail.BY_TOPIC_AND_PARTITION);
        all.addAll(moved);
        all.addAll(explicit.keySet());
        Map<TopicPartition, Long> committed = committed(admin, groupId);
        Map<TopicPartition, Long> starts = PartitionOffsets.of(admin, all, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = PartitionOffsets.of(admin, all, OffsetSpec.latest());
        Map<TopicPartition, Long> requested = new TreeMap<>(GroupDetail.BY_TOPIC_AND_PARTITION);
        if (target != null) requested.putAll(requested(admin, target, moved, committed, starts, ends));
        requested.putAll(explicit);

        List<OffsetResetPreview.PartitionReset> resets = preview(admin, requested, committed, starts, ends);
        if (!dryRun) {
            Futures.get(admin.alterConsumerGroupOffsets(groupId, resets.stream().collect(Collectors.toMap(
                    reset -> new TopicPartition(reset.topic(), reset.partition()),
                    reset -> new OffsetAndMetadata(reset.newOffset())))).all());
        }
        return new OffsetResetPreview(groupId, !dryRun, resets,
                resets.stream().mapToLong(reset -> reset.lagBefore() == null ? 0 : reset.lagBefore()).sum(),
                resets.stream().mapToLong(OffsetResetPreview.PartitionReset::lagAfter).sum(), OffsetResetPreview.CLAMPED);
    }

    private static List<OffsetResetPreview.PartitionReset> preview(Admin admin, Map<TopicPartition, Long> requested,
                                                                   Map<TopicPartition, Long> committed,
                                                                   Map<TopicPartition, Long> starts,
                                                                   Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> stable = PartitionOffsets.lastStable(admin, requested.keySet());
        return requested.entrySet().stream().map(entry -> {
            TopicPartition partition = entry.getKey();
            long start = starts.get(partition);
            long end = ends.get(partition);
            long target = Math.max(start, Math.min(end, entry.getValue()));
            Long current = committed.get(partition);
            long lagEnd = stable.get(partition);
            return new OffsetResetPreview.PartitionReset(partition.topic(), partition.partition(), current,
                    entry.getValue(), target, start, end, current == null ? null : GroupLags.lag(current, lagEnd),
                    GroupLags.lag(target, lagEnd));
        }).toList();
    }

    private static Map<TopicPartition, Long> requested(Admin admin, ResetTarget target, List<TopicPartition> partitions,
                                                       Map<TopicPartition, Long> committed,
                                                       Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> byTime = target.mode() == ResetTarget.Mode.TIME
                ? PartitionOffsets.of(admin, partitions, OffsetSpec.forTimestamp(target.value())) : Map.of();
        Map<TopicPartition, Long> requested = new HashMap<>();
        for (TopicPartition partition : partitions) {
            requested.put(partition, switch (target.mode()) {
                case EARLIEST -> starts.get(partition);
                case LATEST -> ends.get(partition);
                // As Kafka's tool: a partition without a committed offset is set to its end.
                case CURRENT -> committed.getOrDefault(partition, ends.get(partition));
                case OFFSET -> target.value();
                case SHIFT_BY -> {
                    Long current = committed.get(partition);
                    if (current == null) {
                        throw ApiProblem.badRequest("Cannot shift " + partition + ": the group has no committed offset there");
                    }
                    yield current + target.value();
                }
                // Past the last record there is no offset for the time: the group starts at the end.
                case TIME -> byTime.getOrDefault(partition, -1L) < 0 ? ends.get(partition) : byTime.get(partition);
            });
        }
        return requested;
    }

    private static List<TopicPartition> partitions(List<String> topics, List<Integer> chosen, Map<String, Integer> counts) {
        return topics.stream().distinct().flatMap(topic -> {
            if (chosen == null || chosen.isEmpty()) {
                return IntStream.range(0, counts.get(topic)).mapToObj(p -> new TopicPartition(topic, p));
            }
            return chosen.stream().map(p -> checkExists(new TopicPartition(topic, p), counts));
        }).toList();
    }

    private static TopicPartition checkExists(TopicPartition partition, Map<String, Integer> counts) {
        if (partition.partition() < 0 || partition.partition() >= counts.get(partition.topic())) {
            throw ApiProblem.badRequest("Topic " + partition.topic() + " has no partition " + partition.partition());
        }
        return partition;
    }

    private static Map<TopicPartition, Long> explicitOffsets(OffsetResetRequest request) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (request.offsets == null) return offsets;
        request.offsets.forEach((topic, byPartition) -> {
            if (byPartition == null) return;
            byPartition.forEach((key, offset) -> {
                int partition;
                try {
                    partition = Integer.parseInt(key.trim());
                } catch (NumberFormatException e) {
                    throw ApiProblem.badRequest("'offsets' of " + topic + " are keyed by partition number; got '" + key + "'");
                }
                if (offset == null || offset < 0) {
                    throw ApiProblem.badRequest("Give an offset of 0 or more for " + topic + "-" + partition + " in 'offsets'");
                }
                offsets.put(new TopicPartition(topic, partition), offset);
            });
        });
        return offsets;
    }

    /** Kafka's tool refuses too, and a commit for the group would only be answered UNKNOWN_MEMBER_ID. */
    private static void refuseWhileActive(Admin admin, String groupId) {
        ConsumerGroupDescription group;
        try {
            group = Futures.get(admin.describeConsumerGroups(List.of(groupId)).all()).get(groupId);
        } catch (GroupIdNotFoundException newGroup) {
            return;
        }
        if (group.members().isEmpty()) return;
        int count = group.members().size();
        String clients = group.members().stream().map(MemberDescription::clientId).distinct().sorted()
                .collect(Collectors.joining(", "));
        throw new ApiProblem(Response.Status.CONFLICT, "Group " + groupId + " has " + count + " active member"
                + (count == 1 ? "" : "s") + " (client id" + (clients.contains(", ") ? "s " : " ") + clients
                + "): stop " + (count == 1 ? "it" : "them") + " before resetting its offsets.");
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String groupId) {
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Futures.get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata())
                    .forEach((partition, offset) -> { if (offset != null) committed.put(partition, offset.offset()); });
            return committed;
        } catch (GroupIdNotFoundException newGroup) {
            return Map.of();
        }
    }
}
