package io.partita.web.groups;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.GroupLags;
import io.partita.web.kafka.NodeClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The groups of {@code GET /api/groups} with their members, lag and topics, in five admin round trips whatever their
 * number: list the groups; describe the consumer groups and the share groups (each batched per coordinator); the
 * consumer groups' committed offsets and the partitions' ends ({@link GroupLags}). Thread-safe.
 */
@ApplicationScoped
public class GroupSummaries {

    @Inject
    NodeClients clients;

    /** Every group, by id. */
    public List<GroupSummary> list() {
        Admin admin = clients.admin();
        Collection<GroupListing> listed = Futures.get(admin.listGroups().all());
        List<String> consumerGroups = listed.stream().filter(GroupLags::holdsConsumerOffsets).map(GroupListing::groupId).toList();
        List<String> shareGroups = listed.stream()
                .filter(group -> group.type().filter(type -> type == GroupType.SHARE).isPresent())
                .map(GroupListing::groupId).toList();
        Map<String, Members> members = new HashMap<>();
        if (!consumerGroups.isEmpty()) {
            Futures.get(admin.describeConsumerGroups(consumerGroups).all()).forEach((id, group) -> members.put(id,
                    Members.of(group.members().size(), group.members().stream()
                            .flatMap(member -> member.assignment().topicPartitions().stream()).toList())));
        }
        if (!shareGroups.isEmpty()) {
            Futures.get(admin.describeShareGroups(shareGroups).all()).forEach((id, group) -> members.put(id,
                    Members.of(group.members().size(), group.members().stream()
                            .flatMap(member -> member.assignment().topicPartitions().stream()).toList())));
        }
        Map<String, Map<TopicPartition, Long>> lags = GroupLags.of(admin, consumerGroups);
        return listed.stream()
                .map(group -> summary(group, members.getOrDefault(group.groupId(), Members.NONE),
                        lags.getOrDefault(group.groupId(), Map.of())))
                .sorted(Comparator.comparing(GroupSummary::groupId))
                .toList();
    }

    private static GroupSummary summary(GroupListing group, Members members, Map<TopicPartition, Long> lags) {
        Map<String, Long> lagByTopic = new TreeMap<>();
        lags.forEach((partition, lag) -> lagByTopic.merge(partition.topic(), lag, Long::sum));
        Set<String> topics = new TreeSet<>(lagByTopic.keySet());
        topics.addAll(members.topics());
        return new GroupSummary(group.groupId(), group.type().map(Enum::name).orElse(null), group.protocol(),
                group.groupState().map(GroupState::toString).orElse(null), group.groupId().startsWith("_"),
                members.count(), lags.isEmpty() ? null : lags.values().stream().mapToLong(Long::longValue).sum(),
                topics.stream().map(name -> new GroupSummary.TopicLag(name, lagByTopic.get(name))).toList());
    }

    /** How many members a group has and the topics they are assigned. */
    private record Members(int count, Set<String> topics) {

        static final Members NONE = new Members(0, Set.of());

        static Members of(int count, Collection<TopicPartition> assigned) {
            return new Members(count, assigned.stream().map(TopicPartition::topic).collect(Collectors.toSet()));
        }
    }
}
