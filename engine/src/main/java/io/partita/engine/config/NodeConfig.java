package io.partita.engine.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings of one node, named as Kafka's broker settings where Kafka has one, with Kafka's defaults.
 *
 * <p>{@link #DEFINITION} is the one place that declares a setting: its name, type, default, valid range and
 * documentation. Adding a setting is one {@code define} line and one accessor; the resource adapter, the launcher,
 * tests and DescribeConfigs all see it through the same names. Broker settings that set topic config defaults
 * ({@code log.retention.ms} and friends) are picked out separately by {@link BrokerTopicDefaults}.
 *
 * <p>Immutable and thread-safe; {@link #with(String, Object)} returns a changed copy.
 */
public final class NodeConfig {

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
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_CHECK_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String BROKER_RACK = "broker.rack";

    /** Every node setting; the single source of names, defaults and validation. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(NODE_ID, Type.INT, 1, Range.atLeast(0), Importance.HIGH,
                    "This broker's id, unique in the cluster.")
            .define(LISTENER_HOST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "The address the Kafka listener binds to.")
            .define(LISTENER_PORT, Type.INT, 9092, Range.between(0, 65535), Importance.HIGH,
                    "The Kafka listener's port; 0 picks a free one.")
            .define(ADVERTISED_HOST, Type.STRING, "", Importance.HIGH,
                    "The host clients are told to connect to; empty means the listener host.")
            .define(LOG_DIRS, Type.STRING, "data", Importance.HIGH,
                    "The directory holding every partition's segments.")
            .define(NUM_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of a topic created without a count.")
            .define(DEFAULT_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of a topic created without one.")
            .define(AUTO_CREATE_TOPICS, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether Metadata and Produce requests create unknown topics.")
            .define(RETENTION_CHECK_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.MEDIUM,
                    "How often retention runs when the engine schedules its own maintenance (outside an application server).")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, Type.INT, 3_000, Range.atLeast(0), Importance.MEDIUM,
                    "How long the first rebalance of an empty consumer group waits for more members.")
            .define(REPLICA_LAG_TIME_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A follower not caught up for this long leaves the ISR; the replication upkeep runs every half of it.")
            .define(TRANSACTION_STATE_LOG_NUM_PARTITIONS, Type.INT, 50, Range.atLeast(1), Importance.HIGH,
                    "Partitions of __transaction_state (fixed once it exists: a transactional id's coordinator follows from it).")
            .define(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.HIGH,
                    "Replication factor of __transaction_state; lowered to the live brokers when fewer exist at its creation.")
            .define(TRANSACTION_MAX_TIMEOUT_MS, Type.INT, 900_000, Range.atLeast(1), Importance.HIGH,
                    "The longest transaction.timeout.ms a producer may ask for (INVALID_TRANSACTION_TIMEOUT beyond).")
            .define(TRANSACTION_ABORT_CHECK_INTERVAL_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "How often transactions open past their timeout are aborted (and unfinished ends completed).")
            .define(TRANSACTIONAL_ID_EXPIRATION_MS, Type.INT, 604_800_000, Range.atLeast(1), Importance.LOW,
                    "A transactional id without a transaction for this long is forgotten.")
            .define(BROKER_RACK, Type.STRING, "", Importance.MEDIUM,
                    "This broker's rack; replica placement spreads a partition's replicas over racks. Empty means none.");

    private final Map<String, String> given;
    private final AbstractConfig values;
    private final Map<String, String> logDefaults;

    private NodeConfig(Map<String, String> given) {
        this.given = Map.copyOf(given);
        this.values = new AbstractConfig(DEFINITION, this.given, false);
        this.logDefaults = Map.copyOf(BrokerTopicDefaults.fromBrokerSettings(this.given));
        TopicConfigs.validate(logDefaults);
    }

    /**
     * Reads a configuration from Kafka-style names; anything missing takes its default.
     *
     * @throws ConfigException naming the setting when a value is malformed or out of range
     */
    public static NodeConfig fromProperties(Map<String, String> props) {
        return new NodeConfig(props);
    }

    /** A single-node configuration with the defaults, listening on {@code host:port}. */
    public static NodeConfig defaults(int nodeId, String host, int port, Path dataDir) {
        return fromProperties(Map.of(NODE_ID, Integer.toString(nodeId), LISTENER_HOST, host,
                LISTENER_PORT, Integer.toString(port), LOG_DIRS, dataDir.toString()));
    }

    /** The same configuration with {@code name} set to {@code value}. */
    public NodeConfig with(String name, Object value) {
        Map<String, String> changed = new HashMap<>(given);
        changed.put(name, String.valueOf(value));
        return new NodeConfig(changed);
    }

    /** Every defined setting with its effective value, sorted by name, as DescribeConfigs lists a broker. */
    public Map<String, String> effectiveSettings() {
        Map<String, String> settings = new TreeMap<>();
        DEFINITION.names().forEach(name -> settings.put(name, String.valueOf(values.values().get(name))));
        settings.put(ADVERTISED_HOST, advertisedHost());
        return settings;
    }

    public int nodeId() {
        return values.getInt(NODE_ID);
    }

    public String listenerHost() {
        return values.getString(LISTENER_HOST);
    }

    public int kafkaPort() {
        return values.getInt(LISTENER_PORT);
    }

    public String advertisedHost() {
        String advertised = values.getString(ADVERTISED_HOST);
        return advertised.isBlank() ? listenerHost() : advertised;
    }

    public Path dataDir() {
        return Path.of(values.getString(LOG_DIRS));
    }

    public int numPartitions() {
        return values.getInt(NUM_PARTITIONS);
    }

    public short defaultReplicationFactor() {
        return values.getShort(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopics() {
        return values.getBoolean(AUTO_CREATE_TOPICS);
    }

    public long retentionCheckIntervalMs() {
        return values.getLong(RETENTION_CHECK_INTERVAL_MS);
    }

    /** Broker-level defaults of topic configs, keyed by topic config name ({@code retention.ms}). */
    public Map<String, String> logDefaults() {
        return logDefaults;
    }

    public int groupInitialRebalanceDelayMs() {
        return values.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS);
    }

    public long replicaLagTimeMaxMs() {
        return values.getLong(REPLICA_LAG_TIME_MAX_MS);
    }

    public int transactionStateLogNumPartitions() {
        return values.getInt(TRANSACTION_STATE_LOG_NUM_PARTITIONS);
    }

    public short transactionStateLogReplicationFactor() {
        return values.getShort(TRANSACTION_STATE_LOG_REPLICATION_FACTOR);
    }

    public int transactionMaxTimeoutMs() {
        return values.getInt(TRANSACTION_MAX_TIMEOUT_MS);
    }

    public int transactionAbortCheckIntervalMs() {
        return values.getInt(TRANSACTION_ABORT_CHECK_INTERVAL_MS);
    }

    public int transactionalIdExpirationMs() {
        return values.getInt(TRANSACTIONAL_ID_EXPIRATION_MS);
    }

    /** {@code broker.rack}, if set. */
    public Optional<String> rack() {
        String rack = values.getString(BROKER_RACK);
        return rack.isBlank() ? Optional.empty() : Optional.of(rack);
    }

    @Override
    public String toString() {
        return "NodeConfig" + effectiveSettings();
    }
}
