package io.partita.engine.share;

import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.sharestate.ShareStateKey;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The share partitions this node holds as partition leader, one per share group and topic partition, and the share
 * sessions of the members fetching them. {@link #expire()} (periodic) releases expired acquisition locks and the
 * records of idle sessions.
 *
 * <p>A share partition is read from its durable state ({@link ShareStateStore}) when a fetch first needs it at the
 * partition's current leader epoch; a group new to the partition starts where its {@code share.auto.offset.reset}
 * says, and that start is written before the first record is handed out. Every change is written back through its
 * {@link DurableSharePartition}: acknowledgements before they are answered, releases and expiries in the
 * background. A share partition no session of its group fetches any more is dropped once its state is written, so
 * that the next fetch reads it afresh (the group's offsets may have been reset meanwhile). Each fetch takes the
 * group's settings afresh, so a changed group config applies from the next fetch on.
 *
 * <p>Thread-safe.
 */
public final class SharePartitions {

    private static final System.Logger LOG = System.getLogger(SharePartitions.class.getName());
    private static final long FAILURE_LOG_INTERVAL_MS = 30_000;

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
    private final ShareStateStore store;
    private final RepeatedFailureLog writeFailures;
    private final RepeatedFailureLog readFailures;
    private final Map<Key, CompletableFuture<DurableSharePartition>> partitions = new ConcurrentHashMap<>();
    private volatile Consumer<TopicPartition> offered = partition -> {
    };

    /**
     * @param configs a group's effective settings (its group configs over the broker's): asked once per fetch, so
     *                it must answer from memory
     * @param store   where the share partitions' state is kept: their share coordinators
     */
    public SharePartitions(Function<String, SharePartitionConfig> configs, ShareSessions sessions, ShareStateStore store,
                           Clock clock) {
        this.configs = configs;
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
        this.writeFailures = new RepeatedFailureLog(LOG, "Writing share-partition state", FAILURE_LOG_INTERVAL_MS, clock);
        this.readFailures = new RepeatedFailureLog(LOG, "Reading share-partition state", FAILURE_LOG_INTERVAL_MS, clock);
    }

    /**
     * Tells {@code listener} of a partition where records may have become acquirable without an append: released,
     * expired, or acknowledged at the front (which moves the start offset, and with it the limit of records in
     * flight). Share fetches waiting for records listen, as they do for appends.
     */
    public void onOffered(Consumer<TopicPartition> listener) {
        offered = listener;
    }

    /** Records of {@code partition} were acknowledged: those a member released, or beyond the in-flight limit, may be had. */
    public void acknowledged(TopicPartition partition) {
        offered.accept(partition);
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
     * The group's share partition with the group's current settings, held here from leader epoch
     * {@code leaderEpoch} on: the one held already, or read from its durable state (started at {@code start}'s answer
     * for the group's {@code share.auto.offset.reset} when the group has none there yet). Fails with the share
     * coordinator's error, e.g. FENCED_LEADER_EPOCH when a newer leader read the state.
     */
    public CompletableFuture<DurableSharePartition> partition(String groupId, TopicIdPartition partition, int leaderEpoch,
                                                              StartOffset start) {
        SharePartitionConfig config = configs.apply(groupId);
        Key key = new Key(groupId, partition.topicPartition());
        CompletableFuture<DurableSharePartition> held;
        while (true) {
            held = partitions.get(key);
            if (held != null && current(held, partition, leaderEpoch)) break;
            CompletableFuture<DurableSharePartition> loading = new CompletableFuture<>();
            boolean mine = held == null ? partitions.putIfAbsent(key, loading) == null : partitions.replace(key, held, loading);
            if (!mine) continue;
            load(new ShareStateKey(groupId, partition.topicId(), partition.partition()), leaderEpoch, config, start)
                    .whenComplete((loaded, failure) -> {
                        if (failure == null) {
                            readFailures.succeeded();
                            loading.complete(loaded);
                        } else {
                            partitions.remove(key, loading);
                            readFailures.failed(failure);
                            loading.completeExceptionally(failure);
                        }
                    });
            held = loading;
            break;
        }
        return held.thenApply(loaded -> {
            loaded.partition().reconfigure(config);
            return loaded;
        });
    }

    /** Whether {@code held} (loaded or being loaded) is the share partition of {@code partition} at {@code leaderEpoch}. */
    private static boolean current(CompletableFuture<DurableSharePartition> held, TopicIdPartition partition, int leaderEpoch) {
        if (!held.isDone()) return true;
        if (held.isCompletedExceptionally()) return false;
        return held.join().current(partition.topicId(), leaderEpoch);
    }

    /**
     * Reads the share partition's state. Where a group new to the partition starts is taken first: it starts where
     * it stood when it first fetched, not when the read came back.
     */
    private CompletableFuture<DurableSharePartition> load(ShareStateKey key, int leaderEpoch, SharePartitionConfig config,
                                                          StartOffset start) {
        long startIfNew;
        try {
            startIfNew = start.of(config.autoOffsetReset());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        return store.read(key, leaderEpoch).thenCompose(state -> {
            if (state.startOffset() >= 0) {
                return CompletableFuture.completedFuture(new DurableSharePartition(key, state.stateEpoch(), leaderEpoch,
                        SharePartition.restored(config, state), store));
            }
            DurableSharePartition fresh = new DurableSharePartition(key, state.stateEpoch(), leaderEpoch,
                    new SharePartition(config, startIfNew), store);
            return fresh.flush().thenApply(written -> fresh);
        });
    }

    /** The group's share partition as held here now, or null when the group has not fetched it here (or it is loading). */
    public DurableSharePartition existing(String groupId, TopicPartition partition) {
        CompletableFuture<DurableSharePartition> held = partitions.get(new Key(groupId, partition));
        return held == null || !held.isDone() || held.isCompletedExceptionally() ? null : held.join();
    }

    /** Writes the share partition's state in the background, reporting a failure in the log. */
    public CompletableFuture<Void> persist(DurableSharePartition partition) {
        return partition.flush().whenComplete((written, failure) -> {
            if (failure == null) {
                writeFailures.succeeded();
            } else {
                writeFailures.failed(failure);
            }
        });
    }

    /** Gives back what an ended session's member held, and drops the share partitions no session fetches any more. */
    public void release(ShareSessions.Ended ended) {
        if (ended == null) return;
        for (TopicPartition partition : ended.partitions()) {
            DurableSharePartition held = existing(ended.groupId(), partition);
            if (held == null) continue;
            CompletableFuture<Void> written = released(partition, held.partition().releaseAll(ended.memberId()))
                    ? persist(held) : CompletableFuture.completedFuture(null);
            written.whenComplete((done, failure) -> dropIfUnfetched(ended.groupId(), partition));
        }
    }

    /**
     * Drops the group's share partition when no session fetches it, nothing of it is acquired and no write of it is
     * under way; atomically with a fetch taking it, so a fetch either gets it or reads its state afresh.
     */
    private void dropIfUnfetched(String groupId, TopicPartition partition) {
        partitions.computeIfPresent(new Key(groupId, partition), (key, held) -> {
            if (!held.isDone() || held.isCompletedExceptionally()) return held;
            DurableSharePartition loaded = held.join();
            boolean unused = !sessions.fetching(groupId, partition) && !loaded.writing()
                    && loaded.partition().snapshot().acquired() == 0;
            return unused ? null : held;
        });
    }

    /**
     * Gives back what {@code memberId} holds on this node's partitions of the group: its coordinator (this node's,
     * when it coordinates the group) saw it leave or time out. Other leaders release its records when its locks run
     * out.
     */
    public void memberGone(String groupId, String memberId) {
        partitions.forEach((key, held) -> {
            if (!key.groupId().equals(groupId)) return;
            DurableSharePartition loaded = existing(groupId, key.partition());
            if (loaded != null && released(key.partition(), loaded.partition().releaseAll(memberId))) persist(loaded);
        });
    }

    /** Whether {@code count} records were released; if so, waiting fetches are told they may be had. */
    private boolean released(TopicPartition partition, long count) {
        if (count == 0) return false;
        offered.accept(partition);
        return true;
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
        partitions.forEach((key, held) -> {
            DurableSharePartition loaded = existing(key.groupId(), key.partition());
            if (loaded != null && released(key.partition(), loaded.partition().releaseExpired(now))) persist(loaded);
        });
    }
}
