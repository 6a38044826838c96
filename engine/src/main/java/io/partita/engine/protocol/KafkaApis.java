package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.config.GroupConfigs;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.quota.ClientQuotas;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.security.ListenerSecurity;
import io.partita.engine.share.SharePartitions;
import io.partita.engine.sharestate.ShareStateStore;
import org.apache.kafka.common.protocol.ApiKeys;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Kafka APIs this node serves, wired to the engine's parts, and the listener that serves them. The entry
 * point into the {@code protocol} package: nothing outside it sees a Kafka message class.
 */
public final class KafkaApis {

    private final SupportedApis apis = new SupportedApis();
    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final FetchWaiters waiters;
    private final BrokerStats stats;
    private final RequestAuthorizer authorizer;
    private final ClientQuotas quotas;

    /**
     * @param quotas         the client quotas requests are throttled by
     * @param scheduler      single-threaded; runs fetch wake-ups
     * @param metadataWrites single-threaded; runs admin requests that write cluster metadata (they may wait on the
     *                       metadata quorum)
     * @param stats          counts the traffic served
     * @param authorizer     what each request's principal may do; every API registered here is checked through it
     */
    public KafkaApis(NodeConfig config, ClusterMetadata cluster, ReplicaManager replicas, ClientQuotas quotas,
                     ScheduledExecutorService scheduler, Executor metadataWrites, BrokerStats stats, RequestAuthorizer authorizer) {
        this.cluster = cluster;
        this.replicas = replicas;
        this.stats = stats;
        this.quotas = quotas;
        this.authorizer = authorizer;
        TopicDefaults defaults = new TopicDefaults(config.numPartitions(), config.defaultReplicationFactor(), config.autoCreateTopics());
        RequestPartitionLimit limit = new RequestPartitionLimit(config.maxPartitionsPerRequest());
        ConfigDescriber describer = new ConfigDescriber(config);
        this.waiters = new FetchWaiters(scheduler);
        replicas.observeAppends(waiters::appended);

        register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(apis));
        register(ApiKeys.METADATA, new MetadataHandler(cluster, defaults, limit, metadataWrites, authorizer));
        register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster, authorizer));
        register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(cluster, authorizer));
        register(ApiKeys.PRODUCE, new ProduceHandler(cluster, replicas, stats, authorizer));
        register(ApiKeys.FETCH, new FetchHandler(cluster, replicas, waiters, stats, quotas, authorizer));
        register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(replicas, authorizer));
        register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(replicas, authorizer));
        register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(replicas, authorizer));
        register(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(replicas, authorizer));
        register(ApiKeys.DESCRIBE_ACLS, new DescribeAclsHandler(authorizer.acls()));
        register(ApiKeys.CREATE_ACLS, new CreateAclsHandler(authorizer.acls(), metadataWrites));
        register(ApiKeys.DELETE_ACLS, new DeleteAclsHandler(authorizer.acls(), metadataWrites));
        new TopicAdminHandlers(cluster, defaults, limit, describer, quotas, metadataWrites, authorizer).registerWith(this::register);
        new ConfigHandlers(cluster, describer, new GroupConfigs(config), metadataWrites, authorizer).registerWith(this::register);
        new ClientQuotaHandlers(cluster.clientQuotas(), metadataWrites).registerWith(this::register);
        new UserScramCredentialsHandlers(cluster.scramCredentials(), metadataWrites).registerWith(this::register);
        register(ApiKeys.SASL_HANDSHAKE, ConnectionAuthentication.outOfPlace());
        register(ApiKeys.SASL_AUTHENTICATE, ConnectionAuthentication.outOfPlace());
    }

    /** Adds share groups' ShareFetch and ShareAcknowledge, served for the partitions this node leads. */
    public KafkaApis serveShares(SharePartitions shares) {
        register(ApiKeys.SHARE_FETCH, new ShareFetchHandler(cluster, replicas, shares, waiters, authorizer));
        register(ApiKeys.SHARE_ACKNOWLEDGE, new ShareAcknowledgeHandler(cluster, shares, authorizer));
        // As in Kafka, a share consumer's records go back as soon as its connection drops, not when its locks expire.
        apis.onConnectionClosed(shares::connectionClosed);
        // A share fetch waiting for records is woken by records given back or let through, not only by appends.
        shares.onOffered(waiters::appended);
        return this;
    }

    /**
     * Adds the share coordinator's inter-broker APIs (InitializeShareGroupState, ReadShareGroupState,
     * WriteShareGroupState, DeleteShareGroupState, ReadShareGroupStateSummary), served from {@code states}.
     */
    public KafkaApis serveShareStates(ShareStateStore states) {
        new ShareStateHandlers(states).registerWith(this::register);
        return this;
    }

    /** Adds the APIs served by another part of the engine (the group and transaction coordinators'). */
    public KafkaApis register(Map<ApiKeys, ApiHandler> handlers) {
        handlers.forEach(this::register);
        return this;
    }

    private void register(ApiKeys api, ApiHandler handler) {
        apis.register(api, WholeRequestChecks.guard(authorizer, api, handler));
    }

    /** Binds the listeners, each with its security; requests are served from then on. */
    public KafkaServer listen(List<ListenerSecurity> listeners, Executor threads, int networkThreads) throws IOException {
        return new KafkaServer(listeners, apis, stats, new ClientQuotaThrottle(quotas), threads, networkThreads);
    }
}
