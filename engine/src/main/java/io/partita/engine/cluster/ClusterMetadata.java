package io.partita.engine.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.partita.engine.config.DynamicBrokerConfigs;
import io.partita.engine.config.TopicConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.errors.ControllerMovedException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The cluster's metadata as this node sees it: brokers, the controller, topics with their assignments and
 * configs, and the cluster id.
 *
 * <p>State lives in a {@link MetadataStore} as JSON text under {@code topic/<name>}, {@code broker/<node id>} and
 * {@code cluster/<name>} (cluster id, controller, producer-id blocks, dynamic broker configs, group configs, client
 * quotas), changed only by
 * compare-and-set, read from the store's local cache. Every change is also written to this node's
 * {@link MetadataSnapshot}; a node that finds the store without topics at start (the whole cluster restarted) puts
 * its snapshot back.
 *
 * <p>Each broker holds a lease: {@link #heartbeat()} counts up its counter in the store every
 * {@code broker.heartbeat.interval.ms}. A broker that has not renewed it within {@code broker.session.timeout.ms}
 * fences itself ({@link #selfFenced()}: it leads nothing) and is fenced by the controller ({@link BrokerInfo#fenced()}),
 * so that a node cut off from the quorum stops serving as leader before another takes its partitions. Thread-safe.
 */
public final class ClusterMetadata implements AutoCloseable {

    /** Called after a topic was created or changed ({@code now} present) or deleted ({@code now} empty). */
    public interface TopicObserver {
        void topicChanged(String name, Optional<TopicMetadata> now);
    }

    private static final String TOPIC = "topic/";
    private static final String BROKER = "broker/";
    private static final String CLUSTER = "cluster/";
    private static final String CLUSTER_ID = CLUSTER + "cluster.id";
    private static final String NEXT_PRODUCER_ID = CLUSTER + "producer.id.next";
    private static final String CONTROLLER = CLUSTER + "controller";
    private static final String LEASE = "lease.";
    private static final int PRODUCER_ID_BLOCK = 1000;

    private final HazelcastInstance hazelcast;
    private final MetadataStore store;
    private final long sessionTimeoutNanos;
    private final JsonView<TopicMetadata> topics;
    private final JsonView<BrokerInfo> brokers;
    private final StoredConfigMaps brokerSettings;
    private final StoredConfigMaps groupConfigs;
    private final ClientQuotaSettings clientQuotas;
    private final ScramCredentialStore scramCredentials;
    private final MetadataSnapshot snapshot;
    private final Map<Uuid, String> namesById = new ConcurrentHashMap<>();
    private final List<TopicObserver> observers = new CopyOnWriteArrayList<>();
    private final String clusterId;
    private volatile BrokerInfo self;
    /** When this broker last renewed its lease ({@link System#nanoTime()}: a duration, not a time of record). */
    private volatile long leaseRenewedNanos;
    private final List<UUID> membershipListeners = new CopyOnWriteArrayList<>();
    /** Set first by {@link #close()}: the node's parts hear of no change after that, its own last writes included. */
    private volatile boolean closed;

    /**
     * Joins the metadata of the cluster {@code hazelcast} belongs to, kept in {@code store} (its cache filled, see
     * {@link MetadataStores#awaitAvailable}), first putting back this node's snapshot when the store has no topics.
     *
     * @param sessionTimeoutMs {@code broker.session.timeout.ms}: how long this broker's lease lasts without renewal
     * @throws MetadataUnavailableException when the store cannot be read
     */
    public ClusterMetadata(HazelcastInstance hazelcast, MetadataStore store, Path dataDir, long sessionTimeoutMs) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.sessionTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs);
        this.snapshot = new MetadataSnapshot(dataDir);
        restoreFromSnapshot();
        this.topics = new JsonView<>(store, TOPIC, TopicMetadata.class);
        this.brokers = new JsonView<>(store, BROKER, BrokerInfo.class);
        this.clusterId = clusterIdOrNew();
        this.brokerSettings = new StoredConfigMaps(CLUSTER + "broker-config/", store, this::writeSnapshot);
        this.groupConfigs = new StoredConfigMaps(CLUSTER + "group-config/", store, this::writeSnapshot);
        this.clientQuotas = new ClientQuotaSettings(store, this::writeSnapshot);
        this.scramCredentials = new ScramCredentialStore(store, this::writeSnapshot);
        topics.values().forEach(t -> namesById.put(t.topicId(), t.name()));
        topics.observe(this::onTopicChange);
        writeSnapshot();
    }

    private void restoreFromSnapshot() {
        if (!store.cachedEntries(TOPIC).isEmpty()) return;
        snapshot.read().ifPresent(entries -> entries.forEach((key, json) -> {
            if (key.startsWith(TOPIC) || key.startsWith(CLUSTER)) store.compareAndSet(key, Optional.empty(), Optional.of(json));
        }));
    }

    private String clusterIdOrNew() {
        store.compareAndSet(CLUSTER_ID, Optional.empty(), Optional.of(Uuid.randomUuid().toString()));
        return store.read(CLUSTER_ID).orElseThrow();
    }

    /**
     * Makes this node a live broker of the cluster, reachable at {@code endpoints} (by listener name; other brokers
     * at the one of {@code interBrokerListener}), holding at most {@code maxPartitions} partition replicas
     * ({@code max.broker.partitions}).
     *
     * @throws IllegalStateException when a live member already registered the same node id
     */
    public void registerBroker(int nodeId, Map<String, BrokerEndpoint> endpoints, String interBrokerListener, String rack, int maxPartitions) {
        BrokerEndpoint interBroker = endpoints.get(interBrokerListener);
        BrokerInfo me = new BrokerInfo(nodeId, interBroker.host(), interBroker.port(), rack, localMemberUuid(), localMemberAddress(),
                false, false, maxPartitions, Map.of(), endpoints);
        String key = Integer.toString(nodeId);
        Set<String> live = liveMemberUuids();
        brokers.get(key).ifPresent(existing -> {
            if (!existing.memberUuid().equals(me.memberUuid()) && live.contains(existing.memberUuid())) {
                throw new IllegalStateException("node.id " + nodeId + " is already used by the live node at "
                        + existing.host() + ":" + existing.port());
            }
        });
        brokers.put(key, me);
        self = me;
        leaseRenewedNanos = System.nanoTime();
    }

    /**
     * Renews this broker's lease (one count up of its counter in the store) and registers it again when its
     * Hazelcast member changed identity (a member that merged back after a split gets a new UUID).
     *
     * @throws MetadataUnavailableException when the store did not answer in time: the lease is not renewed
     */
    public void heartbeat() {
        BrokerInfo me = self;
        if (me == null) return;
        store.increment(LEASE + me.nodeId());
        leaseRenewedNanos = System.nanoTime();
        String member = localMemberUuid();
        Optional<BrokerInfo> stored = brokers.get(Integer.toString(me.nodeId()));
        if (!member.equals(me.memberUuid()) || stored.isEmpty() || !stored.get().memberUuid().equals(member)) {
            BrokerInfo again = new BrokerInfo(me.nodeId(), me.host(), me.port(), me.rack(), member, localMemberAddress(),
                    me.shuttingDown(), false, me.maxPartitions(), me.offlineReplicas(), me.endpoints());
            brokers.put(Integer.toString(me.nodeId()), again);
            self = again;
        }
    }

    /**
     * True when this broker has not renewed its lease for {@code broker.session.timeout.ms}: the controller may
     * have given its partitions to others, so it must not act as leader or controller.
     */
    public boolean selfFenced() {
        return self != null && System.nanoTime() - leaseRenewedNanos > sessionTimeoutNanos;
    }

    /** The lease counter of broker {@code nodeId} as the store holds it now. */
    public long leaseCounter(int nodeId) {
        return store.counter(LEASE + nodeId);
    }

    /**
     * Fences or unfences broker {@code nodeId} as the controller of epoch {@code controllerEpoch}: a fenced broker
     * counts as dead.
     *
     * @throws ControllerMovedException when a newer controller holds the role
     */
    public void fenceAsController(int controllerEpoch, int nodeId, boolean fenced) {
        brokers.update(Integer.toString(nodeId), b -> {
            int current = controller().map(ControllerRecord::epoch).orElse(0);
            if (current != controllerEpoch) {
                throw new ControllerMovedException("Controller epoch " + controllerEpoch + " is stale; the current one is " + current);
            }
            return b.withFenced(fenced);
        });
    }

    /**
     * Re-reads the whole metadata from the store, then tells every topic observer each topic's current state
     * (level-triggered: whatever an observer missed, it hears again).
     *
     * @throws MetadataUnavailableException when the store did not answer in time
     */
    public void reconcile() {
        if (closed) return;
        store.refresh();
        for (TopicMetadata t : topics.values()) {
            for (TopicObserver o : observers) o.topicChanged(t.name(), Optional.of(t));
        }
    }

    /**
     * Records in this broker's registration that exactly {@code offline} of its replicas are offline (their log
     * failed), replacing what it said before: the controller treats each as a dead broker's replica of its partition
     * (leadership moves to another in-sync replica, it leaves the ISR). A registration missing meanwhile is written
     * again, with them, at the next heartbeat.
     *
     * @throws MetadataUnavailableException when the store did not answer in time
     */
    public void reportOfflineReplicas(Collection<TopicPartition> offline) {
        BrokerInfo me = self;
        if (me == null) return;
        self = me.withOfflineReplicas(offline);
        brokers.update(Integer.toString(me.nodeId()), b -> b.withOfflineReplicas(offline));
    }

    /** The replicas this broker last reported offline ({@link #reportOfflineReplicas}). */
    public Map<String, List<Integer>> reportedOfflineReplicas() {
        BrokerInfo me = self;
        return me == null ? Map.of() : me.offlineReplicas();
    }

    /**
     * The brokers whose replica of the partition is offline, as their registrations say; almost always none, and
     * then without allocating.
     */
    public Set<Integer> offlineReplicas(String topic, int partition) {
        Set<Integer> offline = Set.of();
        for (BrokerInfo b : brokers.values()) {
            if (!b.hasOfflineReplica(topic, partition)) continue;
            if (offline.isEmpty()) offline = new HashSet<>();
            offline.add(b.nodeId());
        }
        return offline;
    }

    /**
     * Marks this node's broker as shutting down (controlled shutdown): the controller moves the leadership of its
     * partitions to other in-sync replicas and places no new replicas on it.
     */
    public void beginControlledShutdown() {
        BrokerInfo me = self;
        if (me == null || me.shuttingDown()) return;
        BrokerInfo leaving = me.withShuttingDown();
        brokers.put(Integer.toString(me.nodeId()), leaving);
        self = leaving;
    }

    private void onTopicChange(String name, Optional<TopicMetadata> now) {
        if (closed) return;
        now.ifPresent(t -> namesById.put(t.topicId(), t.name()));
        if (now.isEmpty()) namesById.values().remove(name);
        writeSnapshot();
        for (TopicObserver o : observers) o.topicChanged(name, now);
    }

    /**
     * Writes this node's copy of the metadata ({@code topic/} and {@code cluster/} entries) now: after each change
     * made here, including those that other classes store under {@code cluster/} (the ACLs).
     */
    public void writeSnapshot() {
        Map<String, String> entries = new HashMap<>(store.cachedEntries(TOPIC));
        entries.putAll(store.cachedEntries(CLUSTER));
        snapshot.write(entries);
    }

    /** The users' SCRAM credentials. */
    public ScramCredentialStore scramCredentials() {
        return scramCredentials;
    }

    /** Observers may be told of one change more than once, and must treat a repeat as a no-op. */
    public void observeTopics(TopicObserver observer) {
        observers.add(observer);
    }

    public String clusterId() {
        return clusterId;
    }


    /** Brokers whose Hazelcast member is alive and that the controller has not fenced, sorted by node id. */
    public List<BrokerInfo> liveBrokers() {
        Set<String> live = liveMemberUuids();
        return brokers.values().stream()
                .filter(b -> live.contains(b.memberUuid()) && !b.fenced())
                .sorted(Comparator.comparingInt(BrokerInfo::nodeId))
                .collect(Collectors.toList());
    }

    /** The brokers new replicas go to: the live ones not shutting down, sorted by id. */
    private List<BrokerInfo> placementBrokers() {
        return liveBrokers().stream().filter(b -> !b.shuttingDown()).collect(Collectors.toList());
    }

    /**
     * The broker that should hold the controller role: the one in the oldest live member (Hazelcast lists members
     * oldest first), so that exactly one node tries to claim it while the membership is whole.
     */
    public int preferredControllerId() {
        Map<String, Integer> idByMember = new HashMap<>();
        liveBrokers().forEach(b -> idByMember.put(b.memberUuid(), b.nodeId()));
        for (Member m : hazelcast.getCluster().getMembers()) {
            Integer id = idByMember.get(m.getUuid().toString());
            if (id != null) return id;
        }
        return self == null ? -1 : self.nodeId();
    }

    /** The controller to name to clients: the holder of the role when it is live, else the preferred one. */
    public int controllerId() {
        Optional<ControllerRecord> stored = cachedController();
        if (stored.isPresent() && liveBrokerIds().contains(stored.get().nodeId())) return stored.get().nodeId();
        return preferredControllerId();
    }

    /**
     * The controller role as the store holds it now, whether or not its holder is still alive.
     *
     * @throws MetadataUnavailableException when the store did not answer in time
     */
    public Optional<ControllerRecord> controller() {
        return store.read(CONTROLLER).map(json -> MetadataJson.read(json, ControllerRecord.class));
    }

    private Optional<ControllerRecord> cachedController() {
        return store.cached(CONTROLLER).map(json -> MetadataJson.read(json, ControllerRecord.class));
    }

    /**
     * Takes the controller role for this node with the epoch after {@code previous} (empty when nobody ever held
     * it), by compare-and-set: fails when someone else changed the record since {@code previous} was read.
     *
     * @return the record won, or empty when the compare-and-set lost
     */
    public Optional<ControllerRecord> claimController(Optional<ControllerRecord> previous) {
        BrokerInfo me = self;
        if (me == null) return Optional.empty();
        ControllerRecord mine = new ControllerRecord(me.nodeId(), previous.map(ControllerRecord::epoch).orElse(0) + 1, me.memberUuid());
        boolean won = store.compareAndSet(CONTROLLER, previous.map(MetadataJson::write), Optional.of(MetadataJson.write(mine)));
        if (!won) return Optional.empty();
        writeSnapshot();
        return Optional.of(mine);
    }

    /**
     * Removes broker {@code nodeId} from the cluster for good ({@code kafka-cluster.sh unregister}): its registration
     * and, unless its Hazelcast member is still alive, its seat in the metadata quorum, which a node without one then
     * takes. A broker still running registers again at its next heartbeat, as Kafka's does.
     *
     * @throws BrokerIdNotRegisteredException when no broker of that id is registered
     */
    public void unregisterBroker(int nodeId) {
        BrokerInfo gone = brokers.remove(Integer.toString(nodeId)).orElseThrow(() ->
                new BrokerIdNotRegisteredException("Broker ID " + nodeId + " is not currently registered"));
        if (gone.memberAddress() != null && !liveMemberUuids().contains(gone.memberUuid())) {
            store.removeQuorumMember(gone.memberAddress());
        }
    }

    private String localMemberAddress() {
        Address address = hazelcast.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    /** The Hazelcast member this node runs in. */
    public String localMemberUuid() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** Every registered broker, alive or not. */
    public Collection<BrokerInfo> registeredBrokers() {
        return brokers.values();
    }

    /** The ids of every registered broker, alive or not. */
    public Set<Integer> registeredBrokerIds() {
        return brokers.values().stream().map(BrokerInfo::nodeId).collect(Collectors.toSet());
    }

    /**
     * The brokers to name to clients: the live ones. While this node fences itself, its own view of who lives is what
     * failed (it is cut off from the quorum, and its Hazelcast membership may have lost the others), so it names every
     * registered broker not fenced in its last copy of the metadata: clients then reach the nodes that still serve
     * and learn the current leaders there.
     */
    public List<BrokerInfo> servingBrokers() {
        if (self == null || !selfFenced()) return liveBrokers();
        return brokers.values().stream().filter(b -> !b.fenced())
                .sorted(Comparator.comparingInt(BrokerInfo::nodeId)).collect(Collectors.toList());
    }

    /**
     * The brokers that may be named leader to clients: the {@link #servingBrokers()} without this node while it
     * fences itself, so that it names no partition it leads as led (clients go elsewhere) yet still lists itself as
     * a broker to talk to.
     */
    public Set<Integer> servingBrokerIds() {
        Set<Integer> serving = servingBrokers().stream().map(BrokerInfo::nodeId).collect(Collectors.toSet());
        BrokerInfo me = self;
        if (me != null && selfFenced()) serving.remove(me.nodeId());
        return serving;
    }

    /** The ids of the brokers whose Hazelcast member is alive. */
    public Set<Integer> liveBrokerIds() {
        return liveBrokers().stream().map(BrokerInfo::nodeId).collect(Collectors.toSet());
    }

    /**
     * Changes partitions of a topic as the controller of epoch {@code controllerEpoch}: {@code change} maps each
     * partition to its new state (or itself), and every partition changed is stamped with that epoch.
     *
     * @throws ControllerMovedException when a newer controller holds the role or already wrote one of the partitions;
     *                                  nothing is written then
     */
    public void updateAsController(int controllerEpoch, String topic, UnaryOperator<PartitionAssignment> change) {
        topics.update(topic, t -> {
            int current = controller().map(ControllerRecord::epoch).orElse(0);
            if (current != controllerEpoch) {
                throw new ControllerMovedException("Controller epoch " + controllerEpoch + " is stale; the current one is " + current);
            }
            List<PartitionAssignment> updated = new ArrayList<>(t.partitionCount());
            for (PartitionAssignment p : t.partitions()) {
                PartitionAssignment next = change.apply(p);
                if (next.equals(p)) {
                    updated.add(p);
                    continue;
                }
                if (p.controllerEpoch() > controllerEpoch) {
                    throw new ControllerMovedException("Partition " + topic + "-" + p.partition() + " was written by controller epoch "
                            + p.controllerEpoch() + ", newer than " + controllerEpoch);
                }
                updated.add(next.withControllerEpoch(controllerEpoch));
            }
            return t.withPartitions(updated);
        });
    }

    /**
     * Sets a partition's ISR as its leader: applied only while {@code leader} still leads it at {@code leaderEpoch}
     * (compare-and-set, so a leader deposed meanwhile changes nothing).
     *
     * @return the partition as stored after the change, or empty when the leader or epoch moved on
     */
    public Optional<PartitionAssignment> updateIsrAsLeader(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr) {
        boolean[] applied = {false};
        Optional<TopicMetadata> result = topics.update(tp.topic(), t -> {
            applied[0] = false;
            Optional<PartitionAssignment> p = t.partition(tp.partition());
            if (p.isEmpty() || p.get().leader() != leader || p.get().leaderEpoch() != leaderEpoch) return t;
            applied[0] = true;
            List<PartitionAssignment> all = new ArrayList<>(t.partitions());
            all.set(tp.partition(), p.get().withIsr(isr));
            return t.withPartitions(all);
        });
        return applied[0] ? result.flatMap(t -> t.partition(tp.partition())) : Optional.empty();
    }

    /** Runs {@code listener} (on a Hazelcast thread) after a member joined or left the cluster. */
    public void onMembershipChange(Runnable listener) {
        membershipListeners.add(hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.run();
            }
        }));
    }

    /** Runs {@code listener} after a broker registered or deregistered. */
    public void onBrokerChange(Runnable listener) {
        brokers.observe((key, value) -> {
            if (!closed) listener.run();
        });
    }

    private Set<String> liveMemberUuids() {
        return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
    }

    public Optional<TopicMetadata> topic(String name) {
        return topics.get(name);
    }

    public Optional<TopicMetadata> topic(Uuid topicId) {
        return Optional.ofNullable(namesById.get(topicId)).flatMap(topics::get);
    }

    public Collection<TopicMetadata> topics() {
        return topics.values();
    }

    /** The partitions by the node id of their leader; those of topics or partitions that do not exist are left out. */
    public Map<Integer, List<TopicPartition>> byLeader(Collection<TopicPartition> partitions) {
        Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
        for (TopicPartition tp : partitions) {
            topic(tp.topic()).flatMap(t -> t.partition(tp.partition()))
                    .ifPresent(a -> byLeader.computeIfAbsent(a.leader(), l -> new ArrayList<>()).add(tp));
        }
        return byLeader;
    }

    /** How many partitions {@code nodeId} leads with fewer in-sync replicas than replicas. */
    public int underReplicatedPartitionsLedBy(int nodeId) {
        int count = 0;
        for (TopicMetadata topic : topics.values()) {
            for (PartitionAssignment partition : topic.partitions()) {
                if (partition.leader() == nodeId && partition.underReplicated()) count++;
            }
        }
        return count;
    }

    /**
     * Validates and creates a topic, placing its replicas on the live brokers, each within its
     * {@code max.broker.partitions}.
     *
     * @param replicationFactor -1 for the default
     * @param validateOnly      check everything, create nothing
     * @throws InvalidTopicException, TopicExistsException, InvalidPartitionsException,
     *         InvalidReplicationFactorException, org.apache.kafka.common.errors.InvalidConfigurationException,
     *         org.apache.kafka.common.errors.PolicyViolationException
     */
    public TopicMetadata createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs,
                                     boolean validateOnly) {
        Topic.validate(name);
        if (Topic.isInternal(name)) {
            throw new InvalidTopicException("Creating the internal topic " + name + " is not allowed.");
        }
        for (TopicMetadata existing : topics.values()) {
            if (existing.name().equals(name)) throw new TopicExistsException("Topic '" + name + "' already exists.");
            if (Topic.hasCollision(name, existing.name())) {
                throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: " + existing.name());
            }
        }
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
        }
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0, or -1 to use the default value.");
        }
        TopicConfigs.validate(configs);
        List<BrokerInfo> brokers = placementBrokers();
        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, 0, partitions, replicationFactor);
        BrokerPartitionLimits.check(topics.values(), brokers, placed, "Creating topic '" + name + "' with " + partitions
                + " partition(s) of replication factor " + replicationFactor);
        TopicMetadata topic = new TopicMetadata(name, Uuid.randomUuid(), placed, configs);
        if (validateOnly) return topic;
        if (!topics.putIfAbsent(name, topic)) throw new TopicExistsException("Topic '" + name + "' already exists.");
        return topic;
    }

    /**
     * The internal topic {@code name} ({@code __consumer_offsets}, {@code __transaction_state},
     * {@code __share_group_state}), created on first use. Its replication factor is lowered to the number of live
     * brokers when fewer exist, as Kafka does for {@code offsets.topic.replication.factor}, and a
     * {@code min.insync.replicas} among {@code configs} to that replication factor.
     */
    public TopicMetadata internalTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        if (!Topic.isInternal(name)) throw new IllegalArgumentException(name + " is not an internal topic");
        Optional<TopicMetadata> existing = topic(name);
        if (existing.isPresent()) return existing.get();
        List<BrokerInfo> brokers = placementBrokers();
        int rf = Math.max(1, Math.min(replicationFactor, brokers.size()));
        Map<String, String> capped = new HashMap<>(configs);
        // A minimum ISR above the replicas there are would refuse every write, so it is capped like the replication factor.
        capped.computeIfPresent("min.insync.replicas", (key, min) -> Integer.toString(Math.min(Integer.parseInt(min), rf)));
        TopicConfigs.validate(capped);
        TopicMetadata topic = new TopicMetadata(name, Uuid.randomUuid(), ReplicaPlacement.place(brokers, 0, partitions, rf), capped);
        topics.putIfAbsent(name, topic);
        return topic(name).orElse(topic);
    }

    public TopicMetadata deleteTopic(String name) {
        return topics.remove(name).orElseThrow(() -> unknownTopic(name));
    }

    /**
     * Raises a topic's partition count; new partitions are placed like a new topic's.
     *
     * @throws InvalidPartitionsException when {@code newCount} is not larger than the current count
     * @throws org.apache.kafka.common.errors.PolicyViolationException when a broker would hold more than its
     *                                                                 {@code max.broker.partitions}
     */
    public TopicMetadata createPartitions(String name, int newCount, boolean validateOnly) {
        UnaryOperator<TopicMetadata> grow = t -> {
            int current = t.partitionCount();
            if (newCount < current) {
                throw new InvalidPartitionsException("The topic " + name + " currently has " + current
                        + " partition(s); " + newCount + " would not be an increase.");
            }
            if (newCount == current) {
                throw new InvalidPartitionsException("Topic already has " + current + " partition(s).");
            }
            int rf = t.partitions().get(0).replicas().size();
            List<BrokerInfo> brokers = placementBrokers();
            List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, current, newCount - current, rf);
            BrokerPartitionLimits.check(topics.values(), brokers, placed, "Adding " + (newCount - current)
                    + " partition(s) to topic '" + name + "'");
            List<PartitionAssignment> all = new ArrayList<>(t.partitions());
            all.addAll(placed);
            return t.withPartitions(all);
        };
        if (validateOnly) return grow.apply(topic(name).orElseThrow(() -> unknownTopic(name)));
        return topics.update(name, grow).orElseThrow(() -> unknownTopic(name));
    }

    /** Replaces a topic's config overrides with what {@code change} makes of them, after validating the result. */
    public TopicMetadata alterConfigs(String name, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        UnaryOperator<TopicMetadata> alter = t -> {
            Map<String, String> updated = change.apply(new HashMap<>(t.configs()));
            TopicConfigs.validate(updated);
            return t.withConfigs(updated);
        };
        if (validateOnly) return alter.apply(topic(name).orElseThrow(() -> unknownTopic(name)));
        return topics.update(name, alter).orElseThrow(() -> unknownTopic(name));
    }

    /**
     * Replaces the dynamic settings of broker {@code broker} (a node id, or empty for the cluster-wide default) with
     * what {@code change} makes of them, after validating the result ({@link DynamicBrokerConfigs}); stored in
     * {@code partita.cluster} by compare-and-set.
     */
    public Map<String, String> alterBrokerConfigs(String broker, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        return brokerSettings.alter(broker, change, DynamicBrokerConfigs::validate, validateOnly);
    }

    /**
     * Replaces the config overrides of group {@code groupId} (Kafka's GROUP config resource) with what {@code change}
     * makes of them, once {@code validate} accepted the result; stored under {@code cluster/group-config/} by
     * compare-and-set. A group's configs do not depend on the group existing, and outlive its deletion, as in Kafka.
     */
    public Map<String, String> alterGroupConfigs(String groupId, UnaryOperator<Map<String, String>> change,
                                                 Consumer<Map<String, String>> validate, boolean validateOnly) {
        return groupConfigs.alter(groupId, change, validate, validateOnly);
    }

    /** The config overrides stored for group {@code groupId}, from this node's cache (empty when none). */
    public Map<String, String> groupConfigs(String groupId) {
        return groupConfigs.of(groupId);
    }

    /** The dynamic settings stored for broker {@code broker} (a node id, or empty for the cluster-wide default). */
    public Map<String, String> brokerConfigs(String broker) {
        return brokerSettings.of(broker);
    }

    /** A dynamic setting of broker {@code nodeId}: its own value, else the cluster-wide default, else empty. */
    public Optional<String> dynamicBrokerConfig(int nodeId, String name) {
        String own = brokerSettings.of(Integer.toString(nodeId)).get(name);
        return Optional.ofNullable(own != null ? own : brokerSettings.of("").get(name));
    }

    /** Runs {@code observer} after every change of any broker's dynamic settings, local or remote. */
    public void onBrokerConfigChange(Runnable observer) {
        brokerSettings.observe(() -> {
            if (!closed) observer.run();
        });
    }

    /** The client quotas of the cluster. */
    public ClientQuotaSettings clientQuotas() {
        return clientQuotas;
    }

    /** Reserves a block of producer ids unique in the cluster; returns its first id. */
    public long reserveProducerIds() {
        while (true) {
            Optional<String> current = store.read(NEXT_PRODUCER_ID);
            long first = current.map(Long::parseLong).orElse(0L);
            if (store.compareAndSet(NEXT_PRODUCER_ID, current, Optional.of(Long.toString(first + PRODUCER_ID_BLOCK)))) {
                writeSnapshot();
                return first;
            }
        }
    }

    public static int producerIdBlockSize() {
        return PRODUCER_ID_BLOCK;
    }

    private static UnknownTopicOrPartitionException unknownTopic(String name) {
        return new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
    }

    @Override
    public void close() {
        closed = true;
        for (UUID id : membershipListeners) {
            try {
                hazelcast.getCluster().removeMembershipListener(id);
            } catch (RuntimeException e) {
                // Hazelcast may already be down with the host; its listeners went with it.
            }
        }
        try {
            BrokerInfo me = self;
            if (me != null) brokers.removeIf(Integer.toString(me.nodeId()), me);
        } catch (RuntimeException e) {
            // The host may have shut Hazelcast down first, or the quorum is out of reach; a dead member's
            // registration is ignored anyway.
        }
        store.close();
    }
}
