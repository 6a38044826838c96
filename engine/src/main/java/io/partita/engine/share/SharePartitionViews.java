package io.partita.engine.share;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.sharestate.ShareState;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Where share groups stand in the partitions of their topics, for operators ({@link SharePartitionView}s). A
 * partition this node leads and whose share partition it holds at its current leader epoch is read from memory: the
 * freshest, and the only place that knows which records are acquired. Any other is read from its durable state at its
 * share coordinator (anywhere in the cluster), without a leader epoch, so the read fences no leader. The two are
 * never mixed within a partition: the durable state may be a write behind the leader, and its counts and the leader's
 * would not add up. Thread-safe.
 */
public final class SharePartitionViews {

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final SharePartitions held;
    private final ShareStateStore store;

    /**
     * @param held  the share partitions this node holds as partition leader
     * @param store the share partitions' durable state, wherever its coordinator is
     */
    public SharePartitionViews(int nodeId, ClusterMetadata cluster, SharePartitions held, ShareStateStore store) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.held = held;
        this.store = store;
    }

    /**
     * The group's view of every partition of {@code topics}, by topic name and partition; topics the cluster does not
     * have (any more) are left out. Fails with a share coordinator's error when a durable state cannot be read.
     */
    public CompletableFuture<List<SharePartitionView>> of(String groupId, Collection<String> topics) {
        List<CompletableFuture<SharePartitionView>> views = new ArrayList<>();
        for (String name : new TreeSet<>(topics)) {
            Optional<TopicMetadata> topic = cluster.topic(name);
            if (topic.isEmpty()) continue;
            for (PartitionAssignment partition : topic.get().partitions()) views.add(view(groupId, topic.get(), partition));
        }
        return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                .thenApply(all -> views.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<SharePartitionView> view(String groupId, TopicMetadata topic, PartitionAssignment partition) {
        TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
        DurableSharePartition here = held.existing(groupId, tp);
        if (here != null && partition.leader() == nodeId && here.current(topic.topicId(), partition.leaderEpoch())) {
            return CompletableFuture.completedFuture(SharePartitionView.held(tp, here.partition().snapshot()));
        }
        return store.read(new ShareStateKey(groupId, topic.topicId(), tp.partition()), ShareState.NO_EPOCH)
                .thenApply(state -> SharePartitionView.stored(tp, state));
    }
}
