package io.partita.engine.share;

import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The share partitions this node holds as partition leader, one per share group and topic partition, created when
 * the group first fetches the partition here, and the share sessions of the members fetching them.
 * {@link #expire()} (periodic) releases expired acquisition locks and the records of idle sessions.
 *
 * <p>The partitions' state is kept in memory: it does not survive this node, and a new leader starts the group at
 * its {@code share.auto.offset.reset} position.
 *
 * <p>Thread-safe.
 */
public final class SharePartitions {

    private record Key(String groupId, TopicPartition partition) {
    }

    private final SharePartitionConfig config;
    private final Clock clock;
    private final ShareSessions sessions;
    private final Map<Key, SharePartition> partitions = new ConcurrentHashMap<>();

    public SharePartitions(SharePartitionConfig config, ShareSessions sessions, Clock clock) {
        this.config = config;
        this.sessions = sessions;
        this.clock = clock;
    }

    public SharePartitionConfig config() {
        return config;
    }

    public ShareSessions sessions() {
        return sessions;
    }

    public long now() {
        return clock.millis();
    }

    /** The group's share partition, started at {@code startOffset}'s answer when the group is new to it here. */
    public SharePartition partition(String groupId, TopicPartition partition, LongSupplier startOffset) {
        return partitions.computeIfAbsent(new Key(groupId, partition),
                key -> new SharePartition(config, startOffset.getAsLong()));
    }

    /** The group's share partition, or null when the group has not fetched it here. */
    public SharePartition existing(String groupId, TopicPartition partition) {
        return partitions.get(new Key(groupId, partition));
    }

    /** Gives back what an ended session's member held. */
    public void release(ShareSessions.Ended ended) {
        if (ended == null) return;
        for (TopicPartition partition : ended.partitions()) {
            SharePartition held = existing(ended.groupId(), partition);
            if (held != null) held.releaseAll(ended.memberId());
        }
    }

    /**
     * Gives back what {@code memberId} holds on this node's partitions of the group: its coordinator (this node's,
     * when it coordinates the group) saw it leave or time out. Other leaders release its records when its locks run
     * out.
     */
    public void memberGone(String groupId, String memberId) {
        partitions.forEach((key, partition) -> {
            if (key.groupId().equals(groupId)) partition.releaseAll(memberId);
        });
    }

    /** Releases the records whose locks expired and those of sessions idle too long. */
    public void expire() {
        long now = now();
        List<ShareSessions.Ended> idle = sessions.expireIdle(now);
        idle.forEach(this::release);
        partitions.values().forEach(partition -> partition.releaseExpired(now));
    }
}
