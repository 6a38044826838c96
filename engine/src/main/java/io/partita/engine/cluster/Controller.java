package io.partita.engine.cluster;

import io.partita.engine.config.LogConfig;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ControllerMovedException;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The controller role on this node: held by exactly one live node, the oldest Hazelcast member with a registered
 * broker, and fenced by the controller epoch it took by compare-and-set ({@link ClusterMetadata#claimController}).
 * While it holds the role it keeps every partition led by a live in-sync replica that is not shutting down
 * ({@link LeaderElection}; a replica its broker reported offline counts as dead), runs the elections operators ask for ({@link #electLeaders}) and, every {@code
 * leader.imbalance.check.interval.seconds}, the automatic preferred-leader rebalance ({@link LeaderImbalance}). It
 * starts and cancels partition reassignments ({@link #alterReassignments}) and finishes each once its new replicas
 * are in sync ({@link Reassignment}). Repairs and reassignment steps run after each membership or broker change, each
 * change of a reassigning topic, and at every {@link #check()} the host's upkeep makes.
 *
 * <p>Every write carries the epoch; a node deposed while writing is refused ({@link ControllerMovedException}) and
 * stops acting. Checks and elections run one at a time on the executor given (the node's scheduler); listeners only
 * queue a check. Thread-safe.
 */
public final class Controller {

    /**
     * @param autoLeaderRebalance    {@code auto.leader.rebalance.enable}
     * @param imbalanceCheckInterval {@code leader.imbalance.check.interval.seconds}, in ms
     * @param imbalancePercentage    {@code leader.imbalance.per.broker.percentage}
     * @param uncleanAllowed         whether a topic with these config overrides allows unclean leader election
     * @param sessionTimeoutMs       {@code broker.session.timeout.ms}: a broker (the controller among them) whose
     *                               lease counter stood still that long is fenced
     */
    public record Settings(boolean autoLeaderRebalance, long imbalanceCheckInterval, int imbalancePercentage,
                           Predicate<Map<String, String>> uncleanAllowed, long sessionTimeoutMs) {

        /** The node's controller settings; a topic's unclean leader election as its configs over the node's defaults. */
        public static Settings from(NodeConfig node) {
            return new Settings(node.autoLeaderRebalanceEnable(), node.leaderImbalanceCheckIntervalMs(),
                    node.leaderImbalancePerBrokerPercentage(),
                    topicConfigs -> LogConfig.from(topicConfigs, node.logDefaults()).uncleanLeaderElectionEnable(),
                    node.brokerSessionTimeoutMs());
        }
    }

    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final Executor loop;
    private final Clock clock;
    private final Settings settings;
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private final LeaseWatch leases;
    private volatile int epoch = -1;
    /** Only touched on the loop. */
    private long lastImbalanceCheckMs;

    public Controller(int nodeId, ClusterMetadata cluster, Executor loop, Clock clock, Settings settings) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.loop = loop;
        this.clock = clock;
        this.settings = settings;
        this.leases = new LeaseWatch(settings.sessionTimeoutMs());
        this.lastImbalanceCheckMs = clock.millis();
    }

    /** Starts watching members and brokers; call once this node's broker is registered. */
    public void start() {
        cluster.onMembershipChange(this::requestCheck);
        cluster.onBrokerChange(this::requestCheck);
        // Reassignments finish when their new replicas join the ISR, which is a topic change.
        cluster.observeTopics((name, now) -> {
            if (isActive() && now.isPresent() && now.get().partitions().stream().anyMatch(PartitionAssignment::reassigning)) requestCheck();
        });
        requestCheck();
    }

    /**
     * True while this node holds the role (as far as it knows: a newer holder fences its writes) and its lease is
     * current.
     */
    public boolean isActive() {
        return epoch >= 0 && !cluster.selfFenced();
    }

    /** The epoch this node holds the role with, or -1. */
    public int epoch() {
        return epoch;
    }

    /** Queues a check unless one is already queued. */
    public void requestCheck() {
        if (checkQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                checkQueued.set(false);
                check();
            });
        }
    }

    /**
     * Takes the role when this node should hold it, then fences brokers whose lease expired and repairs
     * leaderships; on the loop thread. Every node runs it about every heartbeat: a node takes the role when nobody
     * holds it, when its holder died (its member left, or it was fenced), or when the holder's lease stood still for
     * a session timeout (a holder cut off from the quorum, which fenced itself meanwhile); the compare-and-set
     * on the controller record lets only one claimant win each epoch.
     */
    void check() {
        try {
            if (cluster.selfFenced()) {
                depose("its lease expired");
                return;
            }
            Optional<ControllerRecord> stored = cluster.controller();
            if (stored.isPresent() && stored.get().memberUuid().equals(cluster.localMemberUuid())) {
                epoch = stored.get().epoch();
            } else if (holderGone(stored)) {
                Optional<ControllerRecord> won = cluster.claimController(stored);
                if (won.isEmpty()) {
                    requestCheck();
                    return;
                }
                epoch = won.get().epoch();
                LOG.log(System.Logger.Level.INFO, "Node {0} is the controller, epoch {1}", nodeId, epoch);
            } else {
                depose("node " + stored.get().nodeId() + " holds the role");
                return;
            }
            fenceExpiredBrokers();
            electLeaders();
            progressReassignments();
            rebalanceIfDue();
        } catch (ControllerMovedException e) {
            depose(e.getMessage());
        } catch (MetadataUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "Controller check on node {0}: {1}", nodeId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Controller check on node " + nodeId + " failed", e);
        }
    }

    private void depose(String why) {
        if (epoch >= 0) LOG.log(System.Logger.Level.INFO, "Node {0} is no longer the controller: {1}", nodeId, why);
        epoch = -1;
    }

    /**
     * Whether this node may claim the role: nobody holds it, or this node held it before it restarted, or its
     * holder is not a live broker (the one in the
     * oldest member claims then, so that a dead holder is replaced at once without a race), or the holder's lease
     * expired as this node saw it (any node claims then: the membership may still list a holder cut off from us).
     */
    private boolean holderGone(Optional<ControllerRecord> stored) {
        if (stored.isEmpty()) return cluster.preferredControllerId() == nodeId;
        int holder = stored.get().nodeId();
        // This node before a restart (the record names another member of ours): that holder is certainly gone.
        if (holder == nodeId) return true;
        if (!cluster.liveBrokerIds().contains(holder)) return cluster.preferredControllerId() == nodeId;
        return leases.expired(holder, cluster.leaseCounter(holder), System.nanoTime());
    }

    /** Fences the brokers whose lease stood still for a session timeout, and unfences those renewing it again. */
    private void fenceExpiredBrokers() {
        long now = System.nanoTime();
        for (BrokerInfo b : cluster.registeredBrokers()) {
            if (b.nodeId() == nodeId) continue;
            boolean expired = leases.expired(b.nodeId(), cluster.leaseCounter(b.nodeId()), now);
            if (expired != b.fenced()) {
                cluster.fenceAsController(epoch, b.nodeId(), expired);
                LOG.log(System.Logger.Level.INFO, expired ? "Node {0} fenced broker {1}: its lease expired"
                        : "Node {0} unfenced broker {1}: it renews its lease again", nodeId, b.nodeId());
            }
        }
    }

    /**
     * Runs an election an operator asked for (ElectLeaders), on the loop: preferred or unclean, for {@code
     * partitions} or, when empty, every partition (then partitions that need no election are left out of the answer,
     * as Kafka does).
     *
     * @return each partition's outcome: empty when its leader changed, else why not; fails with
     *         NotControllerException when this node is not the controller
     */
    public CompletableFuture<Map<TopicPartition, Optional<ApiException>>> electLeaders(ElectionType type,
                                                                                        Optional<Set<TopicPartition>> partitions) {
        return CompletableFuture.supplyAsync(() -> {
            if (!isActive()) throw new NotControllerException("Node " + nodeId + " is not the controller");
            Set<TopicPartition> wanted = partitions.orElseGet(() -> cluster.topics().stream()
                    .flatMap(t -> t.topicPartitions().stream()).collect(Collectors.toSet()));
            Map<TopicPartition, Optional<ApiException>> outcome = elect(type, wanted);
            if (partitions.isEmpty()) outcome.values().removeIf(e -> e.isPresent() && e.get() instanceof ElectionNotNeededException);
            return outcome;
        }, loop);
    }

    /**
     * Starts, replaces or (with an empty target) cancels partition reassignments (AlterPartitionReassignments), on
     * the loop. A target whose replicas are all in sync already finishes at once.
     *
     * @return each partition's outcome: empty when accepted, else why not; fails with NotControllerException when
     *         this node is not the controller
     */
    public CompletableFuture<Map<TopicPartition, Optional<ApiException>>> alterReassignments(
            Map<TopicPartition, Optional<List<Integer>>> targets, boolean allowFactorChange) {
        return CompletableFuture.supplyAsync(() -> {
            if (!isActive()) throw new NotControllerException("Node " + nodeId + " is not the controller");
            Set<Integer> registered = cluster.registeredBrokerIds();
            Set<Integer> eligible = leaderEligibleBrokers();
            Map<TopicPartition, Optional<ApiException>> outcome = new HashMap<>();
            Map<String, List<TopicPartition>> byTopic = targets.keySet().stream().collect(Collectors.groupingBy(TopicPartition::topic));
            byTopic.forEach((topic, tps) -> changePartitions(topic, tps, outcome, (tp, p) -> targets.get(tp)
                    .map(target -> Reassignment.progress(Reassignment.start(p, target, registered, allowFactorChange),
                            serving(eligible, topic, p)))
                    .orElseGet(() -> Reassignment.cancel(p, serving(eligible, topic, p)))));
            return outcome;
        }, loop);
    }

    private void progressReassignments() {
        Set<Integer> eligible = leaderEligibleBrokers();
        for (TopicMetadata topic : cluster.topics()) {
            if (topic.partitions().stream().noneMatch(PartitionAssignment::reassigning)) continue;
            cluster.updateAsController(epoch, topic.name(), p -> {
                PartitionAssignment next = Reassignment.progress(p, serving(eligible, topic.name(), p));
                if (p.reassigning() && !next.reassigning()) {
                    LOG.log(System.Logger.Level.INFO, "Reassignment of {0}-{1} done: replicas {2}, leader {3}",
                            topic.name(), p.partition(), next.replicas(), next.leader());
                }
                return next;
            });
        }
    }

    private Map<TopicPartition, Optional<ApiException>> elect(ElectionType type, Set<TopicPartition> wanted) {
        Set<Integer> eligible = leaderEligibleBrokers();
        Map<TopicPartition, Optional<ApiException>> outcome = new HashMap<>();
        Map<String, List<TopicPartition>> byTopic = wanted.stream().collect(Collectors.groupingBy(TopicPartition::topic));
        byTopic.forEach((topic, tps) -> changePartitions(topic, tps, outcome, (tp, p) -> type == ElectionType.PREFERRED
                ? LeaderElection.preferred(p, serving(eligible, topic, p)) : LeaderElection.unclean(p, serving(eligible, topic, p))));
        return outcome;
    }

    /**
     * Applies {@code change} to the named partitions of one topic in one controller write, recording each
     * partition's outcome: empty when changed, the exception {@code change} threw (or UNKNOWN_TOPIC_OR_PARTITION)
     * when not.
     */
    private void changePartitions(String topic, List<TopicPartition> tps, Map<TopicPartition, Optional<ApiException>> outcome,
                                  BiFunction<TopicPartition, PartitionAssignment, PartitionAssignment> change) {
        Optional<TopicMetadata> t = cluster.topic(topic);
        Set<Integer> numbers = tps.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        for (TopicPartition tp : tps) {
            if (t.isEmpty() || t.get().partition(tp.partition()).isEmpty()) {
                outcome.put(tp, Optional.of(new UnknownTopicOrPartitionException("Partition " + tp + " does not exist.")));
            }
        }
        if (t.isEmpty()) return;
        cluster.updateAsController(epoch, topic, p -> {
            if (!numbers.contains(p.partition())) return p;
            TopicPartition tp = new TopicPartition(topic, p.partition());
            try {
                PartitionAssignment next = change.apply(tp, p);
                outcome.put(tp, Optional.empty());
                return next;
            } catch (ApiException e) {
                outcome.put(tp, Optional.of(e));
                return p;
            }
        });
    }

    private void electLeaders() {
        Set<Integer> live = cluster.liveBrokerIds();
        Set<Integer> eligible = leaderEligibleBrokers();
        int mine = epoch;
        for (TopicMetadata topic : cluster.topics()) {
            boolean unclean = settings.uncleanAllowed().test(topic.configs());
            UnaryOperator<PartitionAssignment> repair = p -> onBrokers(p, serving(live, topic.name(), p),
                    serving(eligible, topic.name(), p), unclean);
            boolean changes = topic.partitions().stream().anyMatch(p -> !repair.apply(p).equals(p));
            if (changes) cluster.updateAsController(mine, topic.name(), repair);
        }
    }

    /**
     * {@code brokers} without those whose replica of the partition is offline (its log failed): for that partition
     * such a replica is dead, so it leaves the ISR and cannot lead, as a replica in a failed log directory of Kafka's.
     */
    private Set<Integer> serving(Set<Integer> brokers, String topic, PartitionAssignment p) {
        Set<Integer> offline = cluster.offlineReplicas(topic, p.partition());
        if (offline.isEmpty()) return brokers;
        Set<Integer> serving = new HashSet<>(brokers);
        serving.removeAll(offline);
        return serving;
    }

    /**
     * Leadership moves off brokers shutting down when another in-sync replica can take it; a partition whose only
     * live in-sync replica is shutting down stays with it until it leaves.
     */
    private static PartitionAssignment onBrokers(PartitionAssignment p, Set<Integer> live, Set<Integer> eligible, boolean unclean) {
        PartitionAssignment next = LeaderElection.onLiveBrokers(p, eligible, false);
        if (next.leader() != PartitionAssignment.NO_LEADER) return next;
        return LeaderElection.onLiveBrokers(p, live, unclean);
    }

    private void rebalanceIfDue() {
        long now = clock.millis();
        if (!settings.autoLeaderRebalance() || now - lastImbalanceCheckMs < settings.imbalanceCheckInterval()) return;
        lastImbalanceCheckMs = now;
        List<TopicPartition> moves = LeaderImbalance.toRebalance(cluster.topics(), leaderEligibleBrokers(), settings.imbalancePercentage());
        if (moves.isEmpty()) return;
        Map<TopicPartition, Optional<ApiException>> outcome = elect(ElectionType.PREFERRED, Set.copyOf(moves));
        LOG.log(System.Logger.Level.INFO, "Preferred-leader rebalance moved {0} of {1} partitions",
                outcome.values().stream().filter(Optional::isEmpty).count(), moves.size());
    }

    /** Live brokers that may lead: not in controlled shutdown. */
    private Set<Integer> leaderEligibleBrokers() {
        return cluster.liveBrokers().stream().filter(b -> !b.shuttingDown()).map(BrokerInfo::nodeId).collect(Collectors.toSet());
    }
}
