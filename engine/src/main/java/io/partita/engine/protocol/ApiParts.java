package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.Controller;
import io.partita.engine.config.GroupConfigs;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.group.GroupCoordinator;
import io.partita.engine.group.ShareGroupCoordinator;
import io.partita.engine.log.LogManager;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.share.SharePartitions;
import io.partita.engine.sharestate.ShareStateStore;
import io.partita.engine.txn.LocalTxnMarkers;
import io.partita.engine.txn.ProducerIdManager;
import io.partita.engine.txn.TransactionCoordinator;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The engine's parts the Kafka APIs are served from, given by area, and the protocol helpers that several handlers
 * of {@link ApiTable} build on. A handler is built only from the parts its line of the table names, so a test that
 * serves the group APIs gives the group coordinator and nothing else; a part not given is null, except the
 * authorizer (everything allowed) and the coordinator locators of transactions and share states (none known).
 *
 * <p>Filled on one thread before the handlers are built, then read-only.
 */
public final class ApiParts {

    private static final CoordinatorLocator NO_COORDINATOR = key -> CompletableFuture.completedFuture(OptionalInt.empty());

    private NodeConfig config;
    private ClusterMetadata cluster;
    private ReplicaManager replicas;
    private ClientQuotas quotas;
    private BrokerStats stats;
    private RequestAuthorizer authorizer = RequestAuthorizer.none();
    private ScheduledExecutorService scheduler;
    private Executor metadataWrites;
    private GroupCoordinator groups;
    private int nodeId;
    private Function<String, Node> self;
    private GroupTopics topics;
    private SharePartitions shares;
    private ShareStateStore servedShareStates;
    private CoordinatorLocator shareCoordinators = NO_COORDINATOR;
    private ShareStateStore shareStates;
    private HighWatermarks highWatermarks;
    private TransactionCoordinator transactions;
    private LocalTxnMarkers markers;
    private ProducerIdManager producerIds;
    private Controller controller;
    private LogManager logs;
    /** The APIs being served, which ApiVersions lists. */
    private SupportedApis served;
    /** One for the node: the wake-ups of Fetch and ShareFetch, which {@link KafkaApis} hooks to appends and offers. */
    private FetchWaiters waiters;

    /**
     * @param quotas     the client quotas requests are throttled by
     * @param stats      counts the traffic served
     * @param authorizer what each request's principal may do
     */
    public ApiParts node(NodeConfig config, ClusterMetadata cluster, ReplicaManager replicas, ClientQuotas quotas,
                         BrokerStats stats, RequestAuthorizer authorizer) {
        this.config = config;
        this.cluster = cluster;
        this.replicas = replicas;
        this.quotas = quotas;
        this.stats = stats;
        this.authorizer = authorizer;
        return this;
    }

    /**
     * @param scheduler      single-threaded; runs fetch wake-ups
     * @param metadataWrites single-threaded; runs admin requests that write cluster metadata (they may wait on the
     *                       metadata quorum), and the requests of idempotent producers, which may reserve a block of
     *                       producer ids
     */
    public ApiParts threads(ScheduledExecutorService scheduler, Executor metadataWrites) {
        this.scheduler = scheduler;
        this.metadataWrites = metadataWrites;
        return this;
    }

    /**
     * @param nodeId this node's broker id, answered by FindCoordinator
     * @param self   this node's advertised endpoint of a listener, by listener name (null when it has no such
     *               listener), asked at every FindCoordinator (so that it can be the port bound for port 0)
     * @param topics this node's topics, by name and by id, and the cluster's brokers
     */
    public ApiParts groups(GroupCoordinator groups, int nodeId, Function<String, Node> self, GroupTopics topics) {
        this.groups = groups;
        this.nodeId = nodeId;
        this.self = self;
        this.topics = topics;
        return this;
    }

    /**
     * @param shares            the share partitions this node leads, for ShareFetch and ShareAcknowledge
     * @param served            the share coordinator's state, served to the other brokers' share partitions
     * @param shareCoordinators names the share coordinator of a share partition's state, for FindCoordinator
     * @param shareStates       the share coordinators' state wherever each share partition's is kept, for the share
     *                          group offset APIs and DeleteGroups
     * @param highWatermarks    the high watermarks share groups' lags are counted up to
     */
    public ApiParts shares(SharePartitions shares, ShareStateStore served, CoordinatorLocator shareCoordinators,
                           ShareStateStore shareStates, HighWatermarks highWatermarks) {
        this.shares = shares;
        this.servedShareStates = served;
        this.shareCoordinators = shareCoordinators;
        this.shareStates = shareStates;
        this.highWatermarks = highWatermarks;
        return this;
    }

    /** @param markers the node's own partitions' transaction markers, for WriteTxnMarkers */
    public ApiParts transactions(TransactionCoordinator transactions, LocalTxnMarkers markers, ProducerIdManager producerIds) {
        this.transactions = transactions;
        this.markers = markers;
        this.producerIds = producerIds;
        return this;
    }

    /** @param logs this node's data directory, for DescribeLogDirs */
    public ApiParts operations(Controller controller, LogManager logs) {
        this.controller = controller;
        this.logs = logs;
        return this;
    }

    /** The APIs served from these parts, set by {@link KafkaApis} before it builds the handlers. */
    void serving(SupportedApis apis) {
        this.served = apis;
    }

    SupportedApis served() {
        return served;
    }

    ClusterMetadata cluster() {
        return cluster;
    }

    ReplicaManager replicas() {
        return replicas;
    }

    ClientQuotas quotas() {
        return quotas;
    }

    BrokerStats stats() {
        return stats;
    }

    RequestAuthorizer authorizer() {
        return authorizer;
    }

    Executor metadataWrites() {
        return metadataWrites;
    }

    GroupCoordinator groups() {
        return groups;
    }

    ShareGroupCoordinator shareGroupCoordinator() {
        return groups == null ? null : groups.shareGroupCoordinator();
    }

    GroupTopics topics() {
        return topics;
    }

    SharePartitions shares() {
        return shares;
    }

    ShareStateStore servedShareStates() {
        return servedShareStates;
    }

    HighWatermarks highWatermarks() {
        return highWatermarks;
    }

    TransactionCoordinator transactions() {
        return transactions;
    }

    LocalTxnMarkers markers() {
        return markers;
    }

    ProducerIdManager producerIds() {
        return producerIds;
    }

    Controller controller() {
        return controller;
    }

    LogManager logs() {
        return logs;
    }

    FetchWaiters waiters() {
        if (waiters == null) waiters = new FetchWaiters(scheduler);
        return waiters;
    }

    TopicDefaults topicDefaults() {
        return TopicDefaults.from(config);
    }

    RequestPartitionLimit partitionLimit() {
        return RequestPartitionLimit.from(config);
    }

    TopicAdminHandlers topicAdmin() {
        return new TopicAdminHandlers(cluster, topicDefaults(), partitionLimit(), new ConfigDescriber(config), quotas,
                metadataWrites, authorizer);
    }

    ConfigHandlers configHandlers() {
        return new ConfigHandlers(cluster, new ConfigDescriber(config), GroupConfigs.from(config), metadataWrites, authorizer);
    }

    ClientQuotaHandlers clientQuotaHandlers() {
        return new ClientQuotaHandlers(cluster.clientQuotas(), metadataWrites);
    }

    UserScramCredentialsHandlers scramCredentialHandlers() {
        return new UserScramCredentialsHandlers(cluster.scramCredentials(), metadataWrites);
    }

    ShareStateHandlers shareStateHandlers() {
        return new ShareStateHandlers(servedShareStates);
    }

    PartitionReassignmentHandlers reassignments() {
        return new PartitionReassignmentHandlers(controller, cluster);
    }

    ShareGroupStates shareGroupStates() {
        return new ShareGroupStates(shareStates, topics);
    }

    /** What DeleteGroups does first: deletes the share-partition state of the share groups it deletes, if any is kept. */
    ShareGroupStateDeletion shareStateDeletion() {
        return shareStates == null ? ShareGroupStateDeletion.NONE : shareGroupStates()::deleteGroups;
    }

    /** FindCoordinator's answer for each key type: the group, transaction and share coordinators. */
    FindCoordinatorHandler findCoordinator() {
        CoordinatorLocator transactionCoordinators = transactions == null ? NO_COORDINATOR : transactions::findCoordinator;
        return new FindCoordinatorHandler(Map.of(CoordinatorType.GROUP, groups::findCoordinator,
                CoordinatorType.TRANSACTION, transactionCoordinators, CoordinatorType.SHARE, shareCoordinators),
                nodeId, self, topics, authorizer);
    }
}
