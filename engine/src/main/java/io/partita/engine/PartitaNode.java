package io.partita.engine;

import io.partita.engine.cluster.BrokerEndpoint;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.InternalTopics;
import io.partita.engine.cluster.ControlledShutdown;
import io.partita.engine.cluster.Controller;
import io.partita.engine.cluster.MetadataStore;
import io.partita.engine.cluster.MetadataStores;
import io.partita.engine.cluster.MetadataUpkeep;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.group.ConsumerGroupConfig;
import io.partita.engine.group.GroupConfig;
import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.OffsetsTopicConfig;
import io.partita.engine.group.OffsetsTopicStore;
import io.partita.engine.group.ShareGroupConfig;
import io.partita.engine.config.ListenerConfig;
import io.partita.engine.config.GroupConfigs;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.config.ProcessFileLimits;
import io.partita.engine.log.CleanerLoop;
import io.partita.engine.log.LogCleaner;
import io.partita.engine.log.LogManager;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.metrics.history.GroupLags;
import io.partita.engine.metrics.history.HistorySampler;
import io.partita.engine.metrics.history.HistorySettings;
import io.partita.engine.metrics.history.MetricsHistory;
import io.partita.engine.metrics.TrafficTotals;
import io.partita.engine.protocol.ApiParts;
import io.partita.engine.protocol.HighWatermarks;
import io.partita.engine.protocol.ClusterGroupTopics;
import io.partita.engine.protocol.KafkaApis;
import io.partita.engine.protocol.KafkaPeers;
import io.partita.engine.protocol.ShareStateChannel;
import io.partita.engine.protocol.KafkaServer;
import io.partita.engine.protocol.RequestAuthorizer;
import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.quota.RateQuota;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.protocol.TxnMarkerChannel;
import io.partita.engine.schedule.PeriodicJob;
import io.partita.engine.security.Credentials;
import io.partita.engine.security.ListenerSecurity;
import io.partita.engine.security.PeerSecurity;
import io.partita.engine.security.UsersFile;
import io.partita.engine.schedule.NodeExecutors;
import io.partita.engine.schedule.PeriodicJobs;
import io.partita.engine.schedule.TimedEventLoop;
import io.partita.engine.schedule.WaitTimeHistogram;
import io.partita.engine.share.SharePartitionView;
import io.partita.engine.share.SharePartitionViews;
import io.partita.engine.share.SharePartitions;
import io.partita.engine.share.ShareSessions;
import io.partita.engine.sharestate.ShareCoordinator;
import io.partita.engine.sharestate.ShareStateConfig;
import io.partita.engine.security.acl.AclAuthorizer;
import io.partita.engine.security.acl.AclStore;
import io.partita.engine.txn.LocalTxnMarkers;
import io.partita.engine.txn.ProducerIdManager;
import io.partita.engine.txn.TransactionConfig;
import io.partita.engine.txn.TransactionCoordinator;
import io.partita.engine.txn.TransactionStateTopic;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running Partita broker: its logs, its view of the cluster and its Kafka listener.
 *
 * <p>Created started by {@link #start}; {@link #close()} stops accepting connections, then flushes and closes
 * every log. Its periodic jobs (retention, the high-watermark checkpoint, the metadata heartbeat, the metrics history, ...) are one table,
 * {@link PeriodicJobs}, run on the node's own threads; the node ticks it itself unless its host drives it through
 * {@link #runDueJobs()}. Thread-safe.
 */
public final class PartitaNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PartitaNode.class.getName());

    /** How long {@link #close()} waits for leadership to move away before it leaves anyway. */
    static final long CONTROLLED_SHUTDOWN_MAX_WAIT_MS = 10_000;
    /**
     * How often logs are checked for a due {@code flush.ms}. Kafka checks every {@code log.flush.scheduler.interval.ms},
     * which defaults to never, so a topic's {@code flush.ms} there takes effect only with that setting; here it always
     * does, to the second.
     */
    static final long LOG_FLUSH_CHECK_INTERVAL_MS = 1_000;
    /** Acquisition locks of share groups run out within this much of their duration. */
    static final long SHARE_LOCK_CHECK_INTERVAL_MS = 1_000;
    private static final long JOB_FAILURE_REPORT_INTERVAL_MS = 30_000;

    private final NodeConfig config;
    private final java.time.Clock clock;
    private final LogManager logs;
    private final NodeExecutors executors;
    private final ClusterMetadata cluster;
    private final KafkaServer server;
    private final KafkaPeers peers;
    private final List<ListenerSecurity> listenerSecurity;
    private final PeerSecurity peerSecurity;
    private final RequestAuthorizer authorizer;
    /** Each listener's advertised endpoint by name, once bound. */
    private volatile Map<String, BrokerEndpoint> endpoints = Map.of();
    private final ReplicaManager replicas;
    private final Controller controller;
    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;
    private final SharePartitions shares;
    private final SharePartitionViews sharePartitionViews;
    private final TimedEventLoop scheduler;
    private final PeriodicJobs jobs;
    /** The engine's own tick of {@link #jobs}, while no host drives them (guarded by this). */
    private ScheduledFuture<?> ownTick;
    private volatile boolean hostDrives;
    private boolean closing;
    private final CleanerLoop cleaner;
    private final BrokerStats stats = new BrokerStats();
    private final MetricsHistory history;
    private volatile boolean ready;

    private PartitaNode(NodeConfig config, NodeEnvironment env, LogManager logs, NodeExecutors executors) throws IOException {
        this.config = config;
        this.clock = env.clock();
        this.logs = logs;
        this.executors = executors;
        this.scheduler = executors.scheduler();
        TimedEventLoop metadataLoop = executors.metadata();
        MetadataStore store = MetadataStores.open(env.hazelcast(), config.brokerHeartbeatIntervalMs() * 2L);
        try {
            this.cluster = new ClusterMetadata(env.hazelcast(), MetadataStores.awaitAvailable(store), config.dataDir(),
                    config.brokerSessionTimeoutMs());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        List<ListenerSecurity> listeners = new ArrayList<>();
        try {
            Credentials credentials = new Credentials(config.usersFile().map(UsersFile::new), cluster.scramCredentials()::credential);
            for (ListenerConfig listener : config.listeners()) listeners.add(ListenerSecurity.of(listener, config, credentials));
            this.peerSecurity = PeerSecurity.of(config);
        } catch (RuntimeException e) {
            listeners.forEach(ListenerSecurity::close);
            cluster.close();
            throw e;
        }
        this.listenerSecurity = List.copyOf(listeners);
        this.peers = new KafkaPeers(env.threads(), config.replicaFetchMaxBytes(), peerSecurity);
        try {
            this.replicas = new ReplicaManager(config.nodeId(), cluster, logs, config.replicaLagTimeMaxMs(), scheduler,
                    metadataLoop, env.threads(), env.clock(), peers, RateQuota.Window.kafkaRate(config.replicationQuotaWindowNum(),
                    config.replicationQuotaWindowSizeSeconds() * 1000L));
            this.authorizer = config.authorizerEnabled()
                    ? RequestAuthorizer.withAcls(new AclStore(store, cluster::writeSnapshot), config.superUsers(),
                            config.allowEveryoneIfNoAclFound())
                    : RequestAuthorizer.none();
            ClientQuotas quotas = new ClientQuotas(env.clock(), RateQuota.Window.fromFirstSpan(config.quotaWindowNum(),
                    config.quotaWindowSizeSeconds() * 1000L));
            cluster.clientQuotas().observe(() -> quotas.update(cluster.clientQuotas().all()));
            quotas.update(cluster.clientQuotas().all());
            InternalTopics internalTopics = new InternalTopics(cluster, metadataLoop);
            ShareCoordinator shareStates = new ShareCoordinator(config.nodeId(), cluster, internalTopics, replicas,
                    ShareStateConfig.from(config), env.clock(), executors.shareCoordinator(), env.threads());
            GroupConfigs groupConfigs = GroupConfigs.from(config);
            ShareStateChannel shareStateChannel = new ShareStateChannel(config.nodeId(), cluster, shareStates, peers, scheduler,
                    env.clock());
            // A request without a group id still gets a lock duration in its error answer: the broker's.
            this.shares = new SharePartitions(group -> groupConfigs.sharePartitionConfig(
                    group == null ? Map.of() : cluster.groupConfigs(group)),
                    new ShareSessions(config.groupShareMaxShareSessions(), config.groupShareRecordLockDurationMs()),
                    shareStateChannel, env.clock());
            this.sharePartitionViews = new SharePartitionViews(config.nodeId(), cluster, shares, shareStateChannel);
            OffsetsTopicStore offsets = new OffsetsTopicStore(config.nodeId(), cluster, internalTopics, replicas,
                    OffsetsTopicConfig.from(config), env.clock());
            this.groups = new GroupCoordinator(GroupConfig.from(config), ConsumerGroupConfig.from(config),
                    ShareGroupConfig.from(config), offsets, env.clock(), executors.groupCoordinator(), env.threads());
            groups.shareGroupCoordinator().addShareMemberListener(shares::memberGone);
            ProducerIdManager producerIds = new ProducerIdManager(cluster, metadataLoop);
            LocalTxnMarkers markers = new LocalTxnMarkers(replicas, replicas::appendTxnMarker, groups::transactionEnded);
            TransactionConfig transactionConfig = TransactionConfig.from(config);
            this.transactions = new TransactionCoordinator(transactionConfig, new TransactionStateTopic(config.nodeId(), cluster,
                    internalTopics, replicas, transactionConfig, env.clock()), producerIds::nextProducerId,
                    new TxnMarkerChannel(config.nodeId(), cluster, markers, peers), offsets::offsetsPartition,
                    env.clock(), executors.transactionCoordinator());
            ClusterGroupTopics topics = new ClusterGroupTopics(cluster);
            HighWatermarks highWatermarks = new HighWatermarks(config.nodeId(), cluster, replicas, peers);
            this.controller = new Controller(config.nodeId(), cluster, metadataLoop, env.clock(), Controller.Settings.from(config));
            KafkaApis apis = new KafkaApis(new ApiParts()
                    .node(config, cluster, replicas, quotas, stats, authorizer)
                    .threads(scheduler, metadataLoop)
                    .groups(groups, config.nodeId(), listener -> {
                        BrokerEndpoint own = endpoints.get(listener);
                        return own == null ? null : new Node(config.nodeId(), own.host(), own.port());
                    }, topics)
                    .shares(shares, shareStates, shareStates::findCoordinator, shareStateChannel, highWatermarks)
                    .transactions(transactions, markers, producerIds)
                    .operations(controller, logs));
            this.server = apis.listen(listenerSecurity, env.threads(), config.numNetworkThreads());
            this.endpoints = advertisedEndpoints(config, server);
            cluster.registerBroker(config.nodeId(), endpoints, config.interBrokerListener().name(), config.rack().orElse(null),
                    config.maxBrokerPartitions());
            controller.start();
            replicas.start();
            this.history = new MetricsHistory(HistorySettings.from(config), clock);
            HistorySampler sampler = new HistorySampler(stats, topic -> cluster.topic(topic).isPresent(),
                    new GroupLags(groups, highWatermarks)::sample, clock, history);
            this.jobs = periodicJobs(new MetadataUpkeep(config.nodeId(), cluster, store, controller), sampler);
        } catch (IOException | RuntimeException e) {
            peers.close();
            closeSecurity();
            cluster.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Periodic jobs of node {0}: {1}", config.nodeId(), jobs);
        driveOwnSchedule();
        if (config.logCleanerEnable()) {
            this.cleaner = new CleanerLoop(new LogCleaner(logs, env.clock(), config.logCleanerDedupeBufferSize()),
                    config.logCleanerBackoffMs());
            env.threads().execute(cleaner);
        } else {
            this.cleaner = null;
        }
        this.ready = true;
    }

    /** Each listener's advertised endpoint: as {@code advertised.listeners} says, with the port bound where it says none. */
    private static Map<String, BrokerEndpoint> advertisedEndpoints(NodeConfig config, KafkaServer server) {
        Map<String, BrokerEndpoint> result = new LinkedHashMap<>();
        for (ListenerConfig l : config.listeners()) {
            result.put(l.name(), new BrokerEndpoint(l.advertisedHost(), l.advertisedPort() > 0 ? l.advertisedPort() : server.address(l.name()).getPort()));
        }
        return Map.copyOf(result);
    }

    private void closeSecurity() {
        listenerSecurity.forEach(ListenerSecurity::close);
        peerSecurity.close();
    }

    /**
     * The node's one schedule, by Kafka's settings: log sweeps on a thread of their own (file work must hold up
     * neither the coordinators nor the metadata), each coordinator's upkeep on the loop it is confined to, the
     * metadata's on the metadata thread.
     */
    private PeriodicJobs periodicJobs(MetadataUpkeep metadata, HistorySampler history) {
        TimedEventLoop logSweeps = executors.logSweeps();
        TimedEventLoop metadataLoop = executors.metadata();
        return new PeriodicJobs(clock, List.of(
                new PeriodicJob("log retention", config.retentionCheckIntervalMs(), logSweeps, this::enforceRetention),
                new PeriodicJob("log flush", LOG_FLUSH_CHECK_INTERVAL_MS, logSweeps, logs::flushDirtyLogs),
                new PeriodicJob("high-watermark checkpoint", config.highWatermarkCheckpointIntervalMs(), logSweeps,
                        this::checkpointHighWatermarks),
                new PeriodicJob("replication upkeep", Math.max(10, config.replicaLagTimeMaxMs() / 2), scheduler, () -> {
                    replicas.upkeep();
                    controller.requestCheck();
                }),
                new PeriodicJob("transaction upkeep", config.transactionAbortCheckIntervalMs(),
                        executors.transactionCoordinator(), transactions::maintain),
                new PeriodicJob("share lock expiry", SHARE_LOCK_CHECK_INTERVAL_MS, scheduler, shares::expire),
                new PeriodicJob("group offset expiry", config.offsetsRetentionCheckIntervalMs(),
                        executors.groupCoordinator(), this::expireGroupOffsets),
                new PeriodicJob("metadata heartbeat", config.brokerHeartbeatIntervalMs(), metadataLoop, metadata::heartbeat),
                new PeriodicJob("metadata poll", MetadataUpkeep.POLL_INTERVAL_MS, metadataLoop, metadata::poll),
                new PeriodicJob("metrics history", config.metricsHistoryIntervalMs(), scheduler, history::sample)),
                JOB_FAILURE_REPORT_INTERVAL_MS);
    }

    private void enforceRetention() {
        int deleted = logs.enforceRetention();
        if (deleted > 0) LOG.log(System.Logger.Level.INFO, "Retention deleted {0} segment(s)", deleted);
    }

    private void checkpointHighWatermarks() {
        try {
            logs.checkpointHighWatermarks();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the high watermark checkpoint of " + config.dataDir() + " failed", e);
        }
    }

    private void expireGroupOffsets() {
        groups.expireOffsets().whenComplete((removed, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "Expiring group offsets failed: " + failure);
            } else if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "Removed {0} expired committed offset(s)", removed);
            }
        });
    }

    /** Ticks the schedule from the node's own scheduler, at the schedule's finest interval. Idempotent. */
    private synchronized void driveOwnSchedule() {
        if (ownTick != null || scheduler.isShuttingDown()) return;
        ownTick = scheduler.scheduleAtFixedRate(jobs::runDue, jobs.tickMs(), jobs.tickMs(), TimeUnit.MILLISECONDS);
    }

    private synchronized void handOverToHost() {
        if (hostDrives || closing) return;
        hostDrives = true;
        ownTick.cancel(false);
        ownTick = null;
        LOG.log(System.Logger.Level.INFO, "The host drives the periodic jobs of node {0} from now on", config.nodeId());
    }

    /**
     * Opens (recovering if needed) every log under the data directory, joins the cluster metadata held in the
     * environment's Hazelcast member and binds the Kafka listener.
     *
     * @throws IOException when the data directory cannot be used or the listener port cannot be bound; the
     *                     message says which
     */
    public static PartitaNode start(NodeConfig config, NodeEnvironment environment) throws IOException {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new IOException("The data directory " + config.dataDir() + " cannot be created: " + e, e);
        }
        reportPartitionLimit(config);
        LogManager logs = new LogManager(config.dataDir(), config.logDefaults(), environment.clock(), config.maxBrokerPartitions());
        NodeExecutors executors = new NodeExecutors(environment.threads());
        try {
            PartitaNode node = new PartitaNode(config, environment, logs, executors);
            LOG.log(System.Logger.Level.INFO, "Partita node {0} serves Kafka clients at {1}", config.nodeId(), String.join(", ",
                    config.listeners().stream().map(l -> l.name() + "://" + node.endpoints.get(l.name()).host() + ":"
                            + node.endpoints.get(l.name()).port() + " (" + l.protocol() + ")").toList()));
            return node;
        } catch (IOException | RuntimeException e) {
            executors.shutdownNow();
            logs.close();
            throw e;
        }
    }

    /** Says what {@code max.broker.partitions} is, and warns when it is set beyond what the process can keep open. */
    private static void reportPartitionLimit(NodeConfig config) {
        ProcessFileLimits limits = ProcessFileLimits.ofThisProcess();
        if (!config.maxBrokerPartitionsSet()) {
            LOG.log(System.Logger.Level.INFO, "max.broker.partitions is {0,number,#}, what this process can keep open ({1})",
                    config.maxBrokerPartitions(), limits);
        } else if (config.maxBrokerPartitions() > limits.partitions()) {
            LOG.log(System.Logger.Level.WARNING, "max.broker.partitions={0,number,#} is more than the {1,number,#} partitions "
                            + "this process can keep open ({2}): raise those limits, or the node may run out of files",
                    config.maxBrokerPartitions(), limits.partitions(), limits);
        }
    }

    public NodeConfig config() {
        return config;
    }

    /**
     * A share group's delivery count limit as this node applies it now: the group's {@code share.delivery.count.limit},
     * else {@code group.share.delivery.count.limit}.
     */
    public int shareDeliveryCountLimit(String groupId) {
        return shares.config(groupId).deliveryCountLimit();
    }

    /**
     * Where share group {@code groupId} stands in every partition of {@code topics} (those the cluster has): from
     * this node's memory where it leads the partition and holds the group's share partition, else from the durable
     * state at the share coordinator ({@link SharePartitionViews}).
     */
    public CompletableFuture<List<SharePartitionView>> sharePartitions(String groupId, Collection<String> topics) {
        return sharePartitionViews.of(groupId, topics);
    }

    /** The address the first Kafka listener is bound to (its port is real even when the config asked for 0). */
    public InetSocketAddress kafkaAddress() {
        return server.address();
    }

    /** {@code host:port} at which clients are told to reach the first listener, the node's own. */
    public String advertisedAddress() {
        return advertisedAddress(config.listeners().get(0));
    }

    /**
     * {@code host:port} at which clients are told to reach the first listener of {@code protocol} (a client of this
     * JVM that speaks SASL_SSL must reach a SASL_SSL listener), or empty when the node has none.
     */
    public Optional<String> advertisedAddress(SecurityProtocol protocol) {
        return config.listeners().stream().filter(l -> l.protocol() == protocol).findFirst().map(this::advertisedAddress);
    }

    /**
     * Kafka client configs for this node's own clients (those of the admin API and the console): bootstrap.servers at
     * its inter-broker listener, with the identity it replicates with ({@link PeerSecurity#clientConfigs()}). With an
     * authorizer on they act as the inter-broker principal, which {@code super.users} names as in Kafka. Secrets are
     * Kafka {@code Password}s, shown as {@code [hidden]}.
     */
    public Map<String, Object> ownClientConfigs() {
        Map<String, Object> configs = new HashMap<>(peerSecurity.clientConfigs());
        configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, advertisedAddress(config.interBrokerListener()));
        return Map.copyOf(configs);
    }

    private String advertisedAddress(ListenerConfig listener) {
        BrokerEndpoint own = endpoints.get(listener.name());
        return own.host() + ":" + own.port();
    }

    /** The address the Kafka listener {@code name} is bound to. */
    public InetSocketAddress kafkaAddress(String name) {
        return server.address(name);
    }

    /** How often a host that drives the node's schedule should call {@link #runDueJobs()}: its finest interval. */
    public long scheduleTickMs() {
        return jobs.tickMs();
    }

    /**
     * For a host that drives the node's schedule of periodic jobs (an EJB timer): starts the jobs that are due, each
     * on the engine thread it belongs to, and returns at once. The first call takes over from the engine's own tick,
     * which drives the schedule from start until then (the lease must be renewed before the host's timer exists) and
     * again from {@link #close()} on (a host may stop its timer before it closes the node). Thread-safe.
     */
    public void runDueJobs() {
        if (!hostDrives) handOverToHost();
        jobs.runDue();
    }

    /**
     * The SCRAM credential of {@code user} for {@code mechanism} in the cluster metadata, if stored: for password checks
     * outside Kafka's protocol (the admin API's logins).
     */
    public Optional<ScramCredential> scramCredential(String user, String mechanism) {
        return cluster.scramCredentials().credential(user, mechanism);
    }

    /** The authorizer every request is checked with, when {@code authorizer.class.name} is set. */
    public Optional<AclAuthorizer> aclAuthorizer() {
        return authorizer.aclAuthorizer();
    }

    /** This node's replica roles: the data path for in-process callers that append as a leader would (markers). */
    public ReplicaManager replicaManager() {
        return replicas;
    }

    /** The controller role on this node (active on exactly one live node). */
    public Controller controller() {
        return controller;
    }

    /**
     * How long tasks waited for each of the node's executors since it started, from their submission to their run,
     * by executor name (see {@link NodeExecutors}).
     */
    public Map<String, WaitTimeHistogram.Snapshot> executorWaits() {
        return executors.waits();
    }

    /** The traffic this node served since it started. */
    public TrafficTotals traffic() {
        return stats.snapshot();
    }

    /** This node's metrics over the last {@code metrics.history.retention.ms}, for charts. */
    public MetricsHistory metricsHistory() {
        return history;
    }

    /**
     * How many partitions this node leads with fewer in-sync replicas than replicas (Kafka's
     * {@code UnderReplicatedPartitions}), from the cluster metadata as this node last heard it.
     */
    public int underReplicatedPartitions() {
        return cluster.underReplicatedPartitionsLedBy(config.nodeId());
    }

    /** True once every log is recovered and the listener serves. */
    public boolean isReady() {
        return ready;
    }

    /**
     * Leaves the cluster gracefully, then stops serving and flushes and closes every log: first the controller moves
     * the leadership of this node's partitions to other in-sync replicas (waiting at most {@value
     * #CONTROLLED_SHUTDOWN_MAX_WAIT_MS} ms), so clients see only retriable errors.
     */
    @Override
    public void close() {
        // The lease and the metadata poll must go on while leadership moves away, and a host may have stopped
        // driving the schedule already (Payara undeploys the EJB timer before the resource adapter).
        synchronized (this) {
            closing = true;
        }
        driveOwnSchedule();
        try {
            if (!new ControlledShutdown(config.nodeId(), cluster, clock).run(CONTROLLED_SHUTDOWN_MAX_WAIT_MS)) {
                LOG.log(System.Logger.Level.WARNING, "Node {0} still leads partitions after {1} ms of controlled shutdown; leaving anyway",
                        config.nodeId(), CONTROLLED_SHUTDOWN_MAX_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Controlled shutdown of node " + config.nodeId() + " failed; leaving anyway", e);
        }
        ready = false;
        jobs.stop();
        server.close();
        closeSecurity();
        try {
            if (cleaner != null) cleaner.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replicas.close();
        peers.close();
        // Metadata listeners go before the scheduler they hand work to.
        cluster.close();
        executors.shutdown(2);
        LOG.log(System.Logger.Level.INFO, "Task wait times of node {0}, per executor: {1}", config.nodeId(),
                executors.waitSummary());
        try {
            logs.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Closing the logs of node " + config.nodeId() + " failed", e);
        }
    }
}
