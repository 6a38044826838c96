package io.partita.engine.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one node, named as Kafka's broker settings where Kafka has one.
 *
 * <p>Immutable. {@link #fromProperties(Map)} is the one place that maps setting names to fields, so the
 * resource adapter, the launcher and tests all speak the same names.
 *
 * @param nodeId                    {@code node.id}: this broker's id, unique in the cluster
 * @param listenerHost              {@code listener.host}: the address the Kafka listener binds to
 * @param kafkaPort                 {@code listener.port}: the Kafka listener's port; 0 picks a free one
 * @param advertisedHost            {@code advertised.host}: the host clients are told to connect to
 * @param dataDir                   {@code log.dirs}: the directory holding every partition's segments
 * @param numPartitions             {@code num.partitions}: partitions of a topic created without a count
 * @param defaultReplicationFactor  {@code default.replication.factor}
 * @param autoCreateTopics          {@code auto.create.topics.enable}
 * @param retentionCheckIntervalMs  {@code log.retention.check.interval.ms}: used when the engine schedules its own
 *                                  maintenance (outside an application server)
 * @param logDefaults               broker-level defaults of topic configs, set by Kafka's broker settings
 *                                  ({@code log.retention.ms} and friends, see {@link BrokerTopicDefaults}), keyed
 *                                  by topic config name ({@code retention.ms})
 * @param groupInitialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                  empty consumer group waits for more members
 * @param replicaLagTimeMaxMs       {@code replica.lag.time.max.ms}: a follower not caught up for this long leaves the
 *                                  ISR; the replication upkeep runs every half of it
 */
public record NodeConfig(
        int nodeId,
        String listenerHost,
        int kafkaPort,
        String advertisedHost,
        Path dataDir,
        int numPartitions,
        short defaultReplicationFactor,
        boolean autoCreateTopics,
        long retentionCheckIntervalMs,
        Map<String, String> logDefaults,
        int groupInitialRebalanceDelayMs,
        long replicaLagTimeMaxMs) {

    public static final String NODE_ID = "node.id";
    public static final String LISTENER_HOST = "listener.host";
    public static final String LISTENER_PORT = "listener.port";
    public static final String ADVERTISED_HOST = "advertised.host";
    public static final String LOG_DIRS = "log.dirs";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";
    public static final String RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    private static final long DEFAULT_REPLICA_LAG_TIME_MAX_MS = 30_000L;

    public NodeConfig {
        Objects.requireNonNull(listenerHost, LISTENER_HOST);
        Objects.requireNonNull(dataDir, LOG_DIRS);
        if (nodeId < 0) throw new IllegalArgumentException(NODE_ID + " must be >= 0, was " + nodeId);
        if (kafkaPort < 0 || kafkaPort > 65535) throw new IllegalArgumentException(LISTENER_PORT + " out of range: " + kafkaPort);
        if (numPartitions < 1) throw new IllegalArgumentException(NUM_PARTITIONS + " must be >= 1, was " + numPartitions);
        if (defaultReplicationFactor < 1) throw new IllegalArgumentException(DEFAULT_REPLICATION_FACTOR + " must be >= 1");
        if (advertisedHost == null || advertisedHost.isBlank()) advertisedHost = listenerHost;
        logDefaults = Map.copyOf(logDefaults);
        if (groupInitialRebalanceDelayMs < 0) throw new IllegalArgumentException(GROUP_INITIAL_REBALANCE_DELAY_MS + " must be >= 0");
        if (replicaLagTimeMaxMs < 1) throw new IllegalArgumentException(REPLICA_LAG_TIME_MAX_MS + " must be >= 1");
    }

    /** All settings but {@code replica.lag.time.max.ms}, which takes Kafka's default. */
    public NodeConfig(int nodeId, String listenerHost, int kafkaPort, String advertisedHost, Path dataDir, int numPartitions,
                      short defaultReplicationFactor, boolean autoCreateTopics, long retentionCheckIntervalMs,
                      Map<String, String> logDefaults, int groupInitialRebalanceDelayMs) {
        this(nodeId, listenerHost, kafkaPort, advertisedHost, dataDir, numPartitions, defaultReplicationFactor,
                autoCreateTopics, retentionCheckIntervalMs, logDefaults, groupInitialRebalanceDelayMs, DEFAULT_REPLICA_LAG_TIME_MAX_MS);
    }

    /** A single-node configuration with Kafka's defaults, listening on {@code host:port}. */
    public static NodeConfig defaults(int nodeId, String host, int port, Path dataDir) {
        return new NodeConfig(nodeId, host, port, host, dataDir, 1, (short) 1, false, 300_000L, Map.of(), 3_000);
    }

    /** The same configuration with another {@code group.initial.rebalance.delay.ms}. */
    public NodeConfig withGroupInitialRebalanceDelayMs(int delayMs) {
        return new NodeConfig(nodeId, listenerHost, kafkaPort, advertisedHost, dataDir, numPartitions,
                defaultReplicationFactor, autoCreateTopics, retentionCheckIntervalMs, logDefaults, delayMs, replicaLagTimeMaxMs);
    }

    /** The same configuration with another {@code replica.lag.time.max.ms}. */
    public NodeConfig withReplicaLagTimeMaxMs(long lagMs) {
        return new NodeConfig(nodeId, listenerHost, kafkaPort, advertisedHost, dataDir, numPartitions,
                defaultReplicationFactor, autoCreateTopics, retentionCheckIntervalMs, logDefaults, groupInitialRebalanceDelayMs, lagMs);
    }

    /** Reads a configuration from Kafka-style names; anything missing takes Kafka's default. */
    public static NodeConfig fromProperties(Map<String, String> props) {
        String host = props.getOrDefault(LISTENER_HOST, "127.0.0.1");
        Map<String, String> logDefaults = BrokerTopicDefaults.fromBrokerSettings(props);
        TopicConfigs.validate(logDefaults);
        return new NodeConfig(
                intSetting(props, NODE_ID, 1),
                host,
                intSetting(props, LISTENER_PORT, 9092),
                props.getOrDefault(ADVERTISED_HOST, host),
                Path.of(props.getOrDefault(LOG_DIRS, "data")),
                intSetting(props, NUM_PARTITIONS, 1),
                (short) intSetting(props, DEFAULT_REPLICATION_FACTOR, 1),
                Boolean.parseBoolean(props.getOrDefault(AUTO_CREATE_TOPICS, "false")),
                longSetting(props, RETENTION_CHECK_INTERVAL_MS, 300_000L),
                logDefaults,
                intSetting(props, GROUP_INITIAL_REBALANCE_DELAY_MS, 3_000),
                longSetting(props, REPLICA_LAG_TIME_MAX_MS, DEFAULT_REPLICA_LAG_TIME_MAX_MS));
    }

    private static int intSetting(Map<String, String> props, String name, int dflt) {
        return (int) longSetting(props, name, dflt);
    }

    private static long longSetting(Map<String, String> props, String name, long dflt) {
        String v = props.get(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + name + " must be a number, was '" + v + "'");
        }
    }
}
