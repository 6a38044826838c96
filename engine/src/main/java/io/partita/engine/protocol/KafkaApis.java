package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.replication.ReplicaManager;
import io.partita.engine.security.ListenerSecurity;
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
    private final BrokerStats stats;

    /**
     * @param scheduler      single-threaded; runs fetch wake-ups
     * @param metadataWrites single-threaded; runs admin requests that write cluster metadata (they may wait on the
     *                       metadata quorum)
     * @param stats          counts the traffic served
     */
    public KafkaApis(NodeConfig config, ClusterMetadata cluster, ReplicaManager replicas, ScheduledExecutorService scheduler,
                     Executor metadataWrites, BrokerStats stats) {
        this.stats = stats;
        TopicDefaults defaults = new TopicDefaults(config.numPartitions(), config.defaultReplicationFactor(), config.autoCreateTopics());
        RequestPartitionLimit limit = new RequestPartitionLimit(config.maxPartitionsPerRequest());
        ConfigDescriber describer = new ConfigDescriber(config);
        FetchWaiters waiters = new FetchWaiters(scheduler);
        replicas.observeAppends(waiters::appended);

        apis.register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(apis));
        apis.register(ApiKeys.METADATA, new MetadataHandler(cluster, defaults, limit, metadataWrites));
        apis.register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster));
        apis.register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(cluster));
        apis.register(ApiKeys.PRODUCE, new ProduceHandler(cluster, replicas, stats));
        apis.register(ApiKeys.FETCH, new FetchHandler(cluster, replicas, waiters, stats));
        apis.register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(replicas));
        apis.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(replicas));
        apis.register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(replicas));
        apis.register(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(replicas));
        new TopicAdminHandlers(cluster, defaults, limit, describer, metadataWrites).registerWith(apis);
        new ConfigHandlers(cluster, describer, metadataWrites).registerWith(apis);
        // The authorizer will decide here who may change credentials (Kafka: ALTER on the cluster, super users).
        new UserScramCredentialsHandlers(cluster.scramCredentials(), metadataWrites, context -> true).registerWith(apis);
        apis.register(ApiKeys.SASL_HANDSHAKE, ConnectionAuthentication.outOfPlace());
        apis.register(ApiKeys.SASL_AUTHENTICATE, ConnectionAuthentication.outOfPlace());
    }

    /** Adds the APIs served by another part of the engine (the group and transaction coordinators'). */
    public KafkaApis register(Map<ApiKeys, ApiHandler> handlers) {
        handlers.forEach(apis::register);
        return this;
    }

    /** Binds the listeners, each with its security; requests are served from then on. */
    public KafkaServer listen(List<ListenerSecurity> listeners, Executor threads, int ioThreads) throws IOException {
        return new KafkaServer(listeners, apis, stats, threads, ioThreads);
    }
}
