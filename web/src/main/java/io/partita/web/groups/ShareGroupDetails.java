package io.partita.web.groups;

import io.partita.engine.share.SharePartitionView;
import io.partita.web.NodeConnections;
import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.kafka.PartitionOffsets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.ServiceUnavailableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Share groups as {@code GET /api/groups/{id}} shows them: members and epochs as Kafka's ShareGroupDescribe tells
 * them, and per partition what only the node knows (the records in flight by state, through the resource adapter);
 * the high watermarks through ListOffsets. Thread-safe.
 */
@ApplicationScoped
public class ShareGroupDetails {

    private static final Duration WAIT = Duration.ofMillis(NodeClients.REQUEST_TIMEOUT_MS);

    @Inject
    NodeClients clients;

    @Inject
    NodeConnections connections;

    /** @throws org.apache.kafka.common.errors.GroupIdNotFoundException when there is no share group {@code id} */
    public ShareGroupDetail describe(String id) {
        Admin admin = clients.admin();
        ShareGroupDescription group = Futures.get(admin.describeShareGroups(List.of(id)).all()).get(id);
        List<GroupDetail.Member> members = group.members().stream()
                .sorted(Comparator.comparing(ShareMemberDescription::consumerId))
                .map(member -> GroupDetail.Member.of(member.consumerId(), member.clientId(), member.host(),
                        member.assignment().topicPartitions()))
                .toList();
        Set<String> topics = group.members().stream()
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .map(TopicPartition::topic)
                .collect(Collectors.toSet());
        List<SharePartitionView> views = partitions(id, topics);
        Map<TopicPartition, Long> highWatermarks = PartitionOffsets.of(admin,
                views.stream().map(view -> new TopicPartition(view.topic(), view.partition())).toList(), OffsetSpec.latest());
        return new ShareGroupDetail(id, "SHARE", group.groupState().toString(), group.groupEpoch(),
                group.targetAssignmentEpoch(), group.coordinator() == null ? -1 : group.coordinator().id(), members,
                views.stream().map(view -> partition(view,
                        highWatermarks.get(new TopicPartition(view.topic(), view.partition())))).toList());
    }

    private List<SharePartitionView> partitions(String id, Collection<String> topics) {
        try {
            return connections.sharePartitions(id, topics, WAIT);
        } catch (ResourceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    private static ShareGroupDetail.SharePartition partition(SharePartitionView view, long highWatermark) {
        boolean started = view.startOffset() >= 0;
        return new ShareGroupDetail.SharePartition(view.topic(), view.partition(),
                started ? view.startOffset() : null, started ? view.endOffset() : null,
                started ? view.available() : null, view.acquired() >= 0 ? view.acquired() : null,
                started ? view.acknowledged() : null, started ? view.archived() : null, highWatermark,
                started ? Math.max(0, highWatermark - view.endOffset()) : null);
    }
}
