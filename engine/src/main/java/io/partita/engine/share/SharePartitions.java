package io.partita.engine.share;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The share partitions this node holds as partition leader, one per share group and topic partition, created when
 * the group first fetches the partition here, and the share sessions of the members fetching them.
 * {@link #expire()} (periodic) releases expired acquisition locks and the records of idle sessions.
 *
 * <p>The partitions' state is kept in memory: it does not survive this node, and a new leader starts the group at
 * its {@code share.auto.offset.reset} position. Each fetch takes the group's settings afresh, so a changed group
 * config applies from the next fetch on.
 *
 * <p>Thread-safe.
 */
public final class SharePartitions {

    private record Key(String groupId, TopicPartition partition) {
    }

    /** Where a new share partition starts reading, by its group's {@code share.auto.offset.reset}. */
    @FunctionalInterface
    public interface StartOffset {
        long of(ShareAutoOffsetReset reset) throws IOException;
    }

    private final Function<String, SharePartitionConfig> configs;
    private final Clock clock;
    private final ShareSessions sessions;
    private final Map<Key, SharePartition> partitions = new ConcurrentHashMap<>();

    /**
     * @param configs a group's effective settings (its group configs over the broker's): asked once per fetch, so
     *                it must answer from memory
     */
    public SharePartitions(Function<String, SharePartitionConfig> configs, ShareSessions sessions, Clock clock) {
        this.configs = configs;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The group's effective settings now. */
    public SharePartitionConfig config(String groupId) {
        return configs.apply(groupId);
    }

    public ShareSessions sessions() {
        return sessions;
    }

    public long now() {
        return clock.millis();
    }

    /**
     * The group's share partition with the group's current settings, started at {@code start}'s answer for the
     * group's {@code share.auto.offset.reset} when the group is new to it here (two fetches racing to start it may
     * both ask; one start wins).
     */
    public SharePartition partition(String groupId, TopicPartition partition, StartOffset start) throws IOException {
        SharePartitionConfig config = configs.apply(groupId);
        Key key = new Key(groupId, partition);
        SharePartition held = partitions.get(key);
        if (held == null) {
            SharePartition started = new SharePartition(config, start.of(config.autoOffsetReset()));
            SharePartition raced = partitions.putIfAbsent(key, started);
            held = raced != null ? raced : started;
        }
        held.reconfigure(config);
        return held;
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

    /** Gives back what the members whose sessions used connection {@code connectionId} held: it closed. */
    public void connectionClosed(String connectionId) {
        sessions.connectionClosed(connectionId).forEach(this::release);
    }

    /** Releases the records whose locks expired and those of sessions idle too long. */
    public void expire() {
        long now = now();
        List<ShareSessions.Ended> idle = sessions.expireIdle(now);
        idle.forEach(this::release);
        partitions.values().forEach(partition -> partition.releaseExpired(now));
    }
}
