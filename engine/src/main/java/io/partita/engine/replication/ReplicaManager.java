package io.partita.engine.replication;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.config.DynamicBrokerConfigs;
import io.partita.engine.config.TopicConfigs;
import io.partita.engine.log.AppendOrigin;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogManager;
import io.partita.engine.log.PartitionLog;
import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.quota.RateQuota;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The replicas this node holds and the role it plays for each, as the cluster metadata assigns them: leader
 * (appends, serves reads, tracks followers in a {@link LeaderState}, moves the high watermark, answers acks=all
 * through {@link AckWaiters}) or follower (copies the leader's log through a {@link ReplicaFetcher}, one per
 * leader). Every metadata change of a topic is applied at once (idempotently: an unchanged role is left alone);
 * a leader writes its own ISR changes to the metadata by compare-and-set. Replication throttles (KIP-73) hold back
 * out-of-sync throttled replicas on both sides ({@link ReplicationThrottle}), following the topics' throttled-replica
 * lists and this broker's dynamic throttle rates as they change.
 *
 * <p>A replica whose log failed ({@link OfflineReplicas}) is neither led nor followed here until its log is reopened:
 * the broker reports it offline, the controller moves its leadership and ISR membership, and acks=all waits on it
 * fail with KAFKA_STORAGE_ERROR at once.
 *
 * <p>A deleted topic's logs are deleted when the metadata change arrives. A role that cannot be taken up (a log
 * that cannot be opened, for one beyond {@code max.broker.partitions}) is tried again at every reconciliation and
 * logged once per interval with a count. Thread-safe: role changes are
 * serialized by {@code this}; the data path (appends, follower fetches) takes no lock here.
 */
public final class ReplicaManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReplicaManager.class.getName());

    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final LogManager logs;
    private final long replicaLagTimeMaxMs;
    private final ScheduledExecutorService scheduler;
    private final Executor metadataWrites;
    private final Clock clock;
    private final LeaderLink.Connector links;
    private final AckWaiters acks;
    private final ReplicationThrottle leaderThrottle;
    private final ReplicationThrottle followerThrottle;
    private final RepeatedFailureLog logOpenFailures = new RepeatedFailureLog(LOG, "Opening a partition log", REPORT_INTERVAL_MS);
    private final RepeatedFailureLog assignmentFailures = new RepeatedFailureLog(LOG, "Applying a topic's assignment", REPORT_INTERVAL_MS);
    private final OfflineReplicas offline;
    /** Copied on every change: iterating it on each append allocates nothing. */
    @SuppressWarnings("unchecked")
    private volatile Consumer<TopicPartition>[] appendObservers = new Consumer[0];
    private final Map<TopicPartition, LeaderState> leaders = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private final Map<TopicPartition, ReplicaFetcher> following = new HashMap<>();
    /** Guarded by {@code this}. */
    private final Map<BrokerInfo, ReplicaFetcher> fetchers = new HashMap<>();
    private boolean closed;

    /**
     * @param scheduler      single-threaded; times out acks=all waits, retries fetches
     * @param metadataWrites single-threaded; writes ISR changes and offline replicas to the metadata store (which may
     *                       wait on a quorum)
     * @param logRecovery    runs each round of reopening failed logs on a thread of its own
     * @param quotaWindow    how the replication throttles measure their byte rates
     */
    public ReplicaManager(int nodeId, ClusterMetadata cluster, LogManager logs, long replicaLagTimeMaxMs,
                          ScheduledExecutorService scheduler, Executor metadataWrites, Executor logRecovery, Clock clock,
                          LeaderLink.Connector links, RateQuota.Window quotaWindow) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.logs = logs;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
        this.scheduler = scheduler;
        this.metadataWrites = metadataWrites;
        this.clock = clock;
        this.links = links;
        this.acks = new AckWaiters(scheduler);
        this.leaderThrottle = new ReplicationThrottle(nodeId, TopicConfigs.LEADER_REPLICATION_THROTTLED_REPLICAS,
                new RateQuota(clock, quotaWindow));
        this.followerThrottle = new ReplicationThrottle(nodeId, TopicConfigs.FOLLOWER_REPLICATION_THROTTLED_REPLICAS,
                new RateQuota(clock, quotaWindow));
        this.offline = new OfflineReplicas(nodeId, cluster, logs, metadataWrites, logRecovery,
                tp -> cluster.topic(tp.topic()).ifPresent(this::applyTopic));
        logs.onLogFailure(this::onLogFailure);
        cluster.observeTopics(this::onTopicChange);
        cluster.onBrokerChange(() -> scheduler.execute(this::applyAll));
        cluster.onBrokerConfigChange(this::applyThrottleRates);
        applyThrottleRates();
        cluster.topics().forEach(t -> applyThrottledReplicas(t.name(), Optional.of(t)));
    }

    /** Takes up the roles the metadata gives this node now; later changes are applied as they come. */
    /** Every partition log of this node, leader or follower. */
    public LogManager logs() {
        return logs;
    }

    public void start() {
        applyAll();
    }

    /** Told the partition after every append and every high watermark move, on the thread that made it. */
    public synchronized void observeAppends(Consumer<TopicPartition> observer) {
        Consumer<TopicPartition>[] observers = Arrays.copyOf(appendObservers, appendObservers.length + 1);
        observers[observers.length - 1] = observer;
        appendObservers = observers;
    }

    /** The log of a partition this node leads. */
    public PartitionLog leaderLog(TopicPartition tp) {
        return leaderState(tp).log();
    }

    /** The leader epoch of a partition this node leads. */
    public int leaderEpoch(TopicPartition tp) {
        return leaderState(tp).leaderEpoch();
    }

    /**
     * The log of a partition this node leads, checked against the leader epoch the client believes in.
     *
     * @throws FencedLeaderEpochException  when the client's epoch is older than ours
     * @throws UnknownLeaderEpochException when it is newer (this node has not heard of it yet)
     */
    public PartitionLog leaderLog(TopicPartition tp, Optional<Integer> currentLeaderEpoch) {
        LeaderState state = leaderState(tp);
        if (currentLeaderEpoch.isPresent() && currentLeaderEpoch.get() >= 0) {
            int theirs = currentLeaderEpoch.get();
            if (theirs < state.leaderEpoch()) {
                throw new FencedLeaderEpochException("Leader epoch " + theirs + " of " + tp + " is older than the current " + state.leaderEpoch());
            }
            if (theirs > state.leaderEpoch()) {
                throw new UnknownLeaderEpochException("Leader epoch " + theirs + " of " + tp + " is newer than this node's " + state.leaderEpoch());
            }
        }
        return state.log();
    }

    /**
     * Appends to a partition this node leads, stamping its leader epoch, and moves the high watermark if it can;
     * observers hear of both at once.
     */
    public LogAppendInfo appendAsLeader(TopicPartition tp, MemoryRecords records) throws IOException {
        return append(tp, records, AppendOrigin.CLIENT);
    }

    /**
     * Appends the transaction coordinator's commit or abort marker for {@code producerId} to a partition this node
     * leads, ending the producer's transaction there; fails like {@link #appendAsLeader}, and also with
     * InvalidProducerEpochException when {@code producerEpoch} is older than the producer's epoch in the partition
     * and TransactionCoordinatorFencedException when {@code coordinatorEpoch} is older than its last marker's. The
     * caller waits for the replicas with {@link #awaitReplicated} (the marker's offset + 1).
     */
    public LogAppendInfo appendTxnMarker(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                                         boolean commit) throws IOException {
        EndTransactionMarker marker = new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch);
        MemoryRecords records = MemoryRecords.withEndTransactionMarker(0L, clock.millis(), RecordBatch.NO_PARTITION_LEADER_EPOCH,
                producerId, producerEpoch, marker);
        return append(tp, records, AppendOrigin.COORDINATOR);
    }

    private LogAppendInfo append(TopicPartition tp, MemoryRecords records, AppendOrigin origin) throws IOException {
        LeaderState state = leaderState(tp);
        LogAppendInfo info = state.log().appendAsLeader(records, state.leaderEpoch(), origin);
        moveHighWatermark(tp, state);
        notifyObservers(tp);
        return info;
    }

    /**
     * Completes once this node has taken up the leadership the metadata gives it for each of {@code partitions}:
     * at once when it has (the usual case), else after the roles are applied on the scheduler thread. Taking up a
     * new partition opens its log (files, index preallocation, fsyncs), which must not stall a request thread and
     * every connection it serves. Never fails: a partition that cannot be led fails at its append.
     */
    public CompletableFuture<Void> leadersReady(Collection<TopicPartition> partitions) {
        Set<String> pending = null;
        for (TopicPartition tp : partitions) {
            if (leaders.containsKey(tp) || !ledHereByMetadata(tp)) continue;
            if (pending == null) pending = new HashSet<>();
            pending.add(tp.topic());
        }
        if (pending == null) return READY;
        Set<String> topics = pending;
        return CompletableFuture.runAsync(() -> topics.forEach(t -> cluster.topic(t).ifPresent(this::applyTopic)), scheduler)
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.WARNING, "cannot take up the leadership of " + topics, e);
                    return null;
                });
    }

    private boolean ledHereByMetadata(TopicPartition tp) {
        return cluster.topic(tp.topic()).flatMap(t -> t.partition(tp.partition())).map(p -> p.leader() == nodeId).orElse(false);
    }

    /**
     * Refuses an acks=all produce before its append when the ISR is smaller than {@code min.insync.replicas}.
     *
     * @throws NotEnoughReplicasException then
     */
    public void ensureEnoughReplicas(TopicPartition tp) {
        LeaderState state = leaderState(tp);
        int min = state.log().config().minInsyncReplicas();
        List<Integer> isr = state.isr();
        if (isr.size() < min) {
            throw new NotEnoughReplicasException("The size of the current ISR " + isr + " is insufficient to satisfy the min.isr requirement of "
                    + min + " for partition " + tp);
        }
    }

    /**
     * Completes when every in-sync replica holds the offsets below {@code requiredOffset} (the high watermark
     * reached it) and the ISR still has {@code min.insync.replicas} members; fails with
     * NotEnoughReplicasAfterAppendException when it has fewer then, NotLeaderOrFollowerException when leadership
     * moved, and a TimeoutException after {@code timeoutMs}.
     */
    public CompletableFuture<Void> awaitReplicated(TopicPartition tp, long requiredOffset, long timeoutMs) {
        int epoch = leaderState(tp).leaderEpoch();
        return acks.await(tp, requiredOffset, timeoutMs, required -> {
            LeaderState state = leaders.get(tp);
            if (state == null || state.leaderEpoch() != epoch) {
                return Optional.of(new AckWaiters.Verdict(new NotLeaderOrFollowerException("Leadership of " + tp + " moved while waiting for replicas")));
            }
            if (state.log().isOffline()) {
                return Optional.of(new AckWaiters.Verdict(new KafkaStorageException("The log of " + tp + " failed before every in-sync replica had the records")));
            }
            if (state.log().highWatermark() < required) return Optional.empty();
            int min = state.log().config().minInsyncReplicas();
            List<Integer> isr = state.isr();
            if (isr.size() < min) {
                return Optional.of(new AckWaiters.Verdict(new NotEnoughReplicasAfterAppendException("The ISR of " + tp + " shrank to "
                        + isr + ", below min.insync.replicas " + min + ", after the records were appended")));
            }
            return Optional.of(AckWaiters.Verdict.DONE);
        });
    }

    /** A follower fetched {@code tp} from {@code fetchOffset}: its log ends there. */
    public void followerFetched(TopicPartition tp, int replicaId, long fetchOffset) {
        LeaderState state = leaders.get(tp);
        if (state == null) return;
        state.followerFetched(replicaId, fetchOffset, clock.millis());
        state.expansionFor(replicaId).ifPresent(isr -> writeIsr(tp, state, isr));
        advanceHighWatermark(tp, state);
    }

    /**
     * Whether the leader sends follower {@code replicaId} nothing of {@code tp} in this fetch (Kafka's leader-side
     * replication throttle): the replica is throttled here ({@code leader.replication.throttled.replicas} names
     * {@code tp} on this node), out of the ISR, and {@code leader.replication.throttled.rate} is exceeded.
     */
    public boolean leaderThrottles(TopicPartition tp, int replicaId) {
        LeaderState state = leaders.get(tp);
        return leaderThrottle.holdsBack(tp, state != null && state.isr().contains(replicaId));
    }

    /** The leader sent {@code bytes} of {@code tp} to a follower: they count against the leader's throttle. */
    public void sentToFollower(TopicPartition tp, long bytes) {
        leaderThrottle.moved(tp, bytes);
    }

    private void applyThrottleRates() {
        leaderThrottle.quota().bound(throttleRate(DynamicBrokerConfigs.LEADER_REPLICATION_THROTTLED_RATE));
        followerThrottle.quota().bound(throttleRate(DynamicBrokerConfigs.FOLLOWER_REPLICATION_THROTTLED_RATE));
    }

    private double throttleRate(String name) {
        return cluster.dynamicBrokerConfig(nodeId, name).map(Double::parseDouble).orElse(RateQuota.UNBOUNDED);
    }

    private void applyThrottledReplicas(String topic, Optional<TopicMetadata> now) {
        Optional<Map<String, String>> configs = now.map(TopicMetadata::configs);
        leaderThrottle.topicChanged(topic, configs);
        followerThrottle.topicChanged(topic, configs);
    }

    /**
     * The replication upkeep: drops followers that lag more than {@code replica.lag.time.max.ms} from the ISR of
     * the partitions led here, retries offline replicas ({@link OfflineReplicas#retry()}), re-applies every assignment
     * (following leaders whose address was missing) and restarts idle fetchers.
     */
    public void upkeep() {
        long now = clock.millis();
        leaders.forEach((tp, state) -> state.shrinkAt(now, replicaLagTimeMaxMs).ifPresent(isr -> writeIsr(tp, state, isr)));
        offline.retry();
        applyAll();
        List<ReplicaFetcher> active;
        synchronized (this) {
            active = List.copyOf(fetchers.values());
        }
        active.forEach(ReplicaFetcher::kick);
    }

    private LeaderState leaderState(TopicPartition tp) {
        if (cluster.selfFenced()) {
            throw new NotLeaderOrFollowerException("This node (" + nodeId + ") lost its lease with the cluster metadata and leads nothing until it renews it");
        }
        LeaderState state = leaders.get(tp);
        if (state != null) return state;
        TopicMetadata topic = cluster.topic(tp.topic()).orElseThrow(() -> unknown(tp));
        PartitionAssignment assignment = topic.partition(tp.partition()).orElseThrow(() -> unknown(tp));
        if (assignment.leader() == nodeId) {
            // The metadata change that made us leader may still be on its way to the observer.
            applyTopic(topic);
            state = leaders.get(tp);
            if (state != null) return state;
        }
        throw new NotLeaderOrFollowerException("This node (" + nodeId + ") is not the leader of " + tp
                + "; node " + assignment.leader() + " is.");
    }

    private void advanceHighWatermark(TopicPartition tp, LeaderState state) {
        if (moveHighWatermark(tp, state)) notifyObservers(tp);
    }

    /** Moves the high watermark if the ISR allows and re-judges acks=all waiters; true when it moved. */
    private boolean moveHighWatermark(TopicPartition tp, LeaderState state) {
        PartitionLog log = state.log();
        long candidate = state.highWatermarkCandidate();
        boolean moved = candidate > log.highWatermark();
        if (moved) log.updateHighWatermark(candidate);
        acks.changed(tp);
        return moved;
    }

    private void notifyObservers(TopicPartition tp) {
        for (Consumer<TopicPartition> o : appendObservers) o.accept(tp);
    }

    private void writeIsr(TopicPartition tp, LeaderState state, List<Integer> isr) {
        metadataWrites.execute(() -> {
            try {
                if (cluster.updateIsrAsLeader(tp, nodeId, state.leaderEpoch(), isr).isEmpty()) state.isrChangeFailed();
                else LOG.log(System.Logger.Level.INFO, "ISR of {0} is now {1}", tp, isr);
            } catch (RuntimeException e) {
                state.isrChangeFailed();
                LOG.log(System.Logger.Level.WARNING, "Writing the ISR of " + tp + " failed", e);
            }
        });
    }

    /** Told on the failing thread with the log's lock held: the reaction, which takes {@code this}, runs later. */
    private void onLogFailure(TopicPartition tp) {
        try {
            scheduler.execute(() -> logFailed(tp));
        } catch (RejectedExecutionException e) {
            // The node is closing: nothing more is led or followed anyway.
        }
    }

    private synchronized void logFailed(TopicPartition tp) {
        if (closed || !offline.add(tp)) return;
        stopFollowing(tp);
        acks.changed(tp);
        LOG.log(System.Logger.Level.WARNING, "Node {0} reports its replica of {1} offline until its log can be reopened", nodeId, tp);
    }

    private void onTopicChange(String name, Optional<TopicMetadata> now) {
        try {
            applyThrottledReplicas(name, now);
            if (now.isPresent()) {
                logs.updateTopicConfig(name, now.get().configs());
                applyTopic(now.get());
            } else {
                dropTopic(name);
            }
        } catch (IOException | RuntimeException e) {
            // A present topic is told again at every reconciliation, and so is its failure.
            if (now.isPresent()) assignmentFailures.failed(e);
            else LOG.log(System.Logger.Level.WARNING, "cannot delete the logs of topic " + name, e);
        }
    }

    private void applyAll() {
        for (TopicMetadata t : cluster.topics()) {
            try {
                applyTopic(t);
            } catch (RuntimeException e) {
                assignmentFailures.failed(e);
            }
        }
    }

    private synchronized void applyTopic(TopicMetadata topic) {
        if (closed) return;
        for (PartitionAssignment p : topic.partitions()) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            try {
                if (p.leader() == nodeId) lead(tp, p, topic);
                else follow(tp, p, topic);
            } catch (IOException e) {
                logOpenFailures.failed(e);
            }
        }
    }

    private void lead(TopicPartition tp, PartitionAssignment p, TopicMetadata topic) throws IOException {
        LeaderState current = leaders.get(tp);
        // A reopened log replaces the failed one: the leadership starts over on it.
        if (current != null && current.leaderEpoch() == p.leaderEpoch() && logs.log(tp).orElse(null) == current.log()) {
            current.assignmentStored(p, clock.millis());
            advanceHighWatermark(tp, current);
            return;
        }
        stopFollowing(tp);
        PartitionLog log = logs.getOrCreate(tp, topic.configs());
        log.assignLeaderEpoch(p.leaderEpoch());
        LeaderState state = new LeaderState(nodeId, p, log, clock.millis());
        leaders.put(tp, state);
        if (current != null) acks.changed(tp);
        LOG.log(System.Logger.Level.INFO, "Node {0} leads {1} at epoch {2}, ISR {3}", nodeId, tp, p.leaderEpoch(), p.isr());
        advanceHighWatermark(tp, state);
    }

    private void follow(TopicPartition tp, PartitionAssignment p, TopicMetadata topic) throws IOException {
        if (leaders.remove(tp) != null) acks.changed(tp);
        Optional<BrokerInfo> leader = p.leader() == PartitionAssignment.NO_LEADER || !p.replicas().contains(nodeId)
                ? Optional.empty()
                : cluster.liveBrokers().stream().filter(b -> b.nodeId() == p.leader()).findFirst();
        if (leader.isEmpty() || offline.contains(tp)) {
            stopFollowing(tp);
            // A reassignment moved this replica away: its log goes, as Kafka deletes a removed replica's.
            if (!p.replicas().contains(nodeId) && logs.log(tp).isPresent()) logs.deleteLog(tp);
            return;
        }
        PartitionLog log = logs.getOrCreate(tp, topic.configs());
        ReplicaFetcher current = following.get(tp);
        if (current != null && !current.leader().equals(leader.get())) stopFollowing(tp);
        ReplicaFetcher fetcher = fetchers.computeIfAbsent(leader.get(),
                b -> new ReplicaFetcher(b, links.connect(b, nodeId), scheduler, followerThrottle));
        following.put(tp, fetcher);
        fetcher.follow(tp, topic.topicId(), p.leaderEpoch(), log);
    }

    private void stopFollowing(TopicPartition tp) {
        ReplicaFetcher fetcher = following.remove(tp);
        if (fetcher == null) return;
        fetcher.unfollow(tp);
        if (fetcher.isIdle()) {
            fetchers.remove(fetcher.leader());
            fetcher.close();
        }
    }

    private synchronized void dropTopic(String name) throws IOException {
        for (TopicPartition tp : List.copyOf(following.keySet())) if (tp.topic().equals(name)) stopFollowing(tp);
        for (TopicPartition tp : List.copyOf(leaders.keySet())) {
            if (tp.topic().equals(name)) {
                leaders.remove(tp);
                acks.changed(tp);
            }
        }
        for (PartitionLog log : List.copyOf(logs.logs())) {
            if (log.topicPartition().topic().equals(name)) logs.deleteLog(log.topicPartition());
        }
        offline.removeTopic(name);
    }

    /** Stops every fetcher; pending acks=all waits fail as leadership ends with the node. */
    @Override
    public synchronized void close() {
        closed = true;
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        following.clear();
        List<TopicPartition> led = List.copyOf(leaders.keySet());
        leaders.clear();
        led.forEach(acks::changed);
    }

    private static UnknownTopicOrPartitionException unknown(TopicPartition tp) {
        return new UnknownTopicOrPartitionException("This server does not host this topic-partition: " + tp);
    }
}
