package io.partita.engine.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings of one node, named as Kafka's broker settings where Kafka has one, with Kafka's defaults.
 *
 * <p>{@link #DEFINITION} is the one place that declares a setting: its name, type, default, valid range and
 * documentation; the bounds between settings (a heartbeat shorter than its session) are {@link SettingRelations}.
 * A bad value is a {@link ConfigException} naming the setting, when the configuration is read. Adding a setting is
 * one {@code define} line and one typed accessor; the resource adapter, the launcher, tests and DescribeConfigs all
 * see it through the same names, and the part that uses it reads it through the {@code static from(NodeConfig)} of
 * its settings (GroupConfig, OffsetsTopicConfig, TransactionConfig, ...), the one way settings are derived. Broker settings that set topic config defaults
 * ({@code log.retention.ms} and friends) are picked out separately by {@link BrokerTopicDefaults}.
 *
 * <p>Immutable and thread-safe; {@link #with(String, Object)} returns a changed copy.
 */
public final class NodeConfig {

    public static final String NODE_ID = "node.id";
    public static final String LISTENER_HOST = "listener.host";
    public static final String LISTENER_PORT = "listener.port";
    public static final String ADVERTISED_HOST = "advertised.host";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String SECURITY_INTER_BROKER_PROTOCOL = "security.inter.broker.protocol";
    public static final String SSL_CLIENT_AUTH = BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG;
    public static final String SSL_PRINCIPAL_MAPPING_RULES = BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG;
    public static final String SASL_ENABLED_MECHANISMS = BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG;
    public static final String SASL_MECHANISM_INTER_BROKER_PROTOCOL = BrokerSecurityConfigs.SASL_MECHANISM_INTER_BROKER_PROTOCOL_CONFIG;
    public static final String CONNECTIONS_MAX_REAUTH_MS = BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG;
    public static final String INTER_BROKER_SASL_USERNAME = "inter.broker.sasl.username";
    public static final String INTER_BROKER_SASL_PASSWORD = "inter.broker.sasl.password";
    public static final String USERS_FILE = "users.file";
    public static final String LOG_DIRS = "log.dirs";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";
    public static final String RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String BROKER_HEARTBEAT_INTERVAL_MS = "broker.heartbeat.interval.ms";
    public static final String REPLICA_FETCH_MAX_BYTES = "replica.fetch.max.bytes";
    public static final String REPLICATION_QUOTA_WINDOW_NUM = "replication.quota.window.num";
    public static final String REPLICATION_QUOTA_WINDOW_SIZE_SECONDS = "replication.quota.window.size.seconds";
    public static final String QUOTA_WINDOW_NUM = "quota.window.num";
    public static final String QUOTA_WINDOW_SIZE_SECONDS = "quota.window.size.seconds";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";
    public static final String GROUP_CONSUMER_MAX_SIZE = "group.consumer.max.size";
    public static final String GROUP_SHARE_RECORD_LOCK_DURATION_MS = "group.share.record.lock.duration.ms";
    public static final String GROUP_SHARE_DELIVERY_COUNT_LIMIT = "group.share.delivery.count.limit";
    public static final String GROUP_SHARE_PARTITION_MAX_RECORD_LOCKS = "group.share.partition.max.record.locks";
    public static final String GROUP_SHARE_MAX_SHARE_SESSIONS = "group.share.max.share.sessions";
    public static final String GROUP_SHARE_HEARTBEAT_INTERVAL_MS = "group.share.heartbeat.interval.ms";
    public static final String GROUP_SHARE_SESSION_TIMEOUT_MS = "group.share.session.timeout.ms";
    public static final String GROUP_SHARE_MAX_SIZE = "group.share.max.size";
    // Bounds of the group configs a group may override (kafka-configs.sh --entity-type groups), Kafka's names.
    public static final String GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS = "group.consumer.min.session.timeout.ms";
    public static final String GROUP_CONSUMER_MAX_SESSION_TIMEOUT_MS = "group.consumer.max.session.timeout.ms";
    public static final String GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS = "group.consumer.min.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_MAX_HEARTBEAT_INTERVAL_MS = "group.consumer.max.heartbeat.interval.ms";
    public static final String GROUP_SHARE_MIN_SESSION_TIMEOUT_MS = "group.share.min.session.timeout.ms";
    public static final String GROUP_SHARE_MAX_SESSION_TIMEOUT_MS = "group.share.max.session.timeout.ms";
    public static final String GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS = "group.share.min.heartbeat.interval.ms";
    public static final String GROUP_SHARE_MAX_HEARTBEAT_INTERVAL_MS = "group.share.max.heartbeat.interval.ms";
    public static final String GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS = "group.share.min.record.lock.duration.ms";
    public static final String GROUP_SHARE_MAX_RECORD_LOCK_DURATION_MS = "group.share.max.record.lock.duration.ms";
    public static final String GROUP_SHARE_MIN_DELIVERY_COUNT_LIMIT = "group.share.min.delivery.count.limit";
    public static final String GROUP_SHARE_MAX_DELIVERY_COUNT_LIMIT = "group.share.max.delivery.count.limit";
    public static final String GROUP_SHARE_MIN_PARTITION_MAX_RECORD_LOCKS = "group.share.min.partition.max.record.locks";
    public static final String GROUP_SHARE_MAX_PARTITION_MAX_RECORD_LOCKS = "group.share.max.partition.max.record.locks";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_CHECK_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String SHARE_COORDINATOR_STATE_TOPIC_NUM_PARTITIONS = "share.coordinator.state.topic.num.partitions";
    public static final String SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR = "share.coordinator.state.topic.replication.factor";
    public static final String SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR = "share.coordinator.state.topic.min.isr";
    public static final String SHARE_COORDINATOR_STATE_TOPIC_SEGMENT_BYTES = "share.coordinator.state.topic.segment.bytes";
    public static final String SHARE_COORDINATOR_SNAPSHOT_UPDATE_RECORDS_PER_SNAPSHOT = "share.coordinator.snapshot.update.records.per.snapshot";
    public static final String SHARE_COORDINATOR_WRITE_TIMEOUT_MS = "share.coordinator.write.timeout.ms";
    public static final String BROKER_RACK = "broker.rack";
    public static final String HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = "replica.high.watermark.checkpoint.interval.ms";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";
    public static final String LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = "leader.imbalance.per.broker.percentage";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String MAX_PARTITIONS_PER_REQUEST = "max.partitions.per.request";
    public static final String MAX_BROKER_PARTITIONS = "max.broker.partitions";
    public static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    public static final String SUPER_USERS = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND = "allow.everyone.if.no.acl.found";
    // Partita's own: the console's charts (Kafka has no history of its metrics).
    public static final String METRICS_HISTORY_INTERVAL_MS = "metrics.history.interval.ms";
    public static final String METRICS_HISTORY_RETENTION_MS = "metrics.history.retention.ms";
    public static final String METRICS_HISTORY_MAX_SERIES = "metrics.history.max.series";

    /**
     * The values of {@code authorizer.class.name} that turn on the built-in ACL authorizer: Kafka's own (so a Kafka
     * broker's settings carry over) and ours.
     */
    static final List<String> BUILT_IN_AUTHORIZERS = List.of("org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "io.partita.engine.security.acl.AclAuthorizer");

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
            .define(LISTENERS, Type.STRING, "", Importance.HIGH,
                    "The Kafka listeners, NAME://host:port,... (an empty host binds every interface). Empty means one "
                            + "PLAINTEXT listener at listener.host:listener.port.")
            .define(ADVERTISED_LISTENERS, Type.STRING, "", Importance.HIGH,
                    "What clients are told of each listener, NAME://host:port,...; by default the listeners themselves.")
            .define(LISTENER_SECURITY_PROTOCOL_MAP, Type.STRING, "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
                    Importance.LOW, "The security protocol of each listener name, NAME:PROTOCOL,...")
            .define(INTER_BROKER_LISTENER_NAME, Type.STRING, "", Importance.MEDIUM,
                    "The listener other brokers replicate and send transaction markers through; by default the one "
                            + "named as security.inter.broker.protocol.")
            .define(SECURITY_INTER_BROKER_PROTOCOL, Type.STRING, "PLAINTEXT", Importance.MEDIUM,
                    "The inter-broker listener's name when inter.broker.listener.name is not set.")
            .define(SSL_CLIENT_AUTH, Type.STRING, "none", ConfigDef.ValidString.in("none", "requested", "required"), Importance.MEDIUM,
                    "Whether TLS listeners ask clients for a certificate: none, requested, required.")
            .define(SSL_PRINCIPAL_MAPPING_RULES, Type.STRING, BrokerSecurityConfigs.DEFAULT_SSL_PRINCIPAL_MAPPING_RULES, Importance.LOW,
                    "Rules mapping a client certificate's distinguished name to a principal's name (Kafka's syntax).")
            .define(SASL_ENABLED_MECHANISMS, Type.LIST, "GSSAPI", Importance.MEDIUM,
                    "The SASL mechanisms SASL listeners accept: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (GSSAPI and "
                            + "OAUTHBEARER are not served).")
            .define(SASL_MECHANISM_INTER_BROKER_PROTOCOL, Type.STRING, "GSSAPI", Importance.MEDIUM,
                    "The SASL mechanism brokers authenticate to each other with on a SASL inter-broker listener.")
            .define(CONNECTIONS_MAX_REAUTH_MS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "When positive, a SASL connection must re-authenticate (KIP-368) within this many milliseconds, "
                            + "else it is closed at its next request; 0 means sessions never expire.")
            .define(INTER_BROKER_SASL_USERNAME, Type.STRING, "", Importance.MEDIUM,
                    "The user brokers authenticate as on a SASL inter-broker listener (instead of a sasl.jaas.config "
                            + "prefixed with the listener and mechanism).")
            .define(INTER_BROKER_SASL_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "The password of inter.broker.sasl.username.")
            .define(USERS_FILE, Type.STRING, "", Importance.MEDIUM,
                    "The users file (name=role:password a line) whose users SASL/PLAIN accepts; empty means none.")
            .define(LOG_DIRS, Type.STRING, "data", Importance.HIGH,
                    "The directory holding every partition's segments.")
            .define(NUM_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of a topic created without a count.")
            .define(DEFAULT_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of a topic created without one.")
            .define(AUTO_CREATE_TOPICS, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether Metadata and Produce requests create unknown topics.")
            .define(RETENTION_CHECK_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.MEDIUM,
                    "How often expired segments are deleted.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, Type.INT, 3_000, Range.atLeast(0), Importance.MEDIUM,
                    "How long the first rebalance of an empty consumer group waits for more members.")
            .define(REPLICA_LAG_TIME_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A follower not caught up for this long leaves the ISR; the replication upkeep runs every half of it.")
            .define(BROKER_SESSION_TIMEOUT_MS, Type.INT, 9_000, Range.atLeast(1), Importance.MEDIUM,
                    "A broker that has not renewed its lease in the metadata store for this long fences itself (leads nothing) and is fenced by the controller.")
            .define(BROKER_HEARTBEAT_INTERVAL_MS, Type.INT, 2_000, Range.atLeast(1), Importance.MEDIUM,
                    "How often a broker renews its lease, checks the controller role and reconciles its replicas with the metadata.")
            .define(REPLICA_FETCH_MAX_BYTES, Type.INT, 1_048_576, Range.atLeast(0), Importance.MEDIUM,
                    "The most bytes a follower asks for per partition in one fetch (at least one batch comes).")
            .define(REPLICATION_QUOTA_WINDOW_NUM, Type.INT, 11, Range.atLeast(1), Importance.LOW,
                    "The number of samples the replication throttles' byte rates are measured over.")
            .define(REPLICATION_QUOTA_WINDOW_SIZE_SECONDS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "The time span of each sample of the replication throttles' byte rates.")
            .define(QUOTA_WINDOW_NUM, Type.INT, 11, Range.atLeast(1), Importance.LOW,
                    "The number of samples the client quotas' rates are measured over.")
            .define(QUOTA_WINDOW_SIZE_SECONDS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "The time span of each sample of the client quotas' rates.")
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
            .define(GROUP_MIN_SESSION_TIMEOUT_MS, Type.INT, 6_000, Range.atLeast(0), Importance.MEDIUM,
                    "The shortest session timeout a classic group member may ask for.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS, Type.INT, 1_800_000, Range.atLeast(0), Importance.MEDIUM,
                    "The longest session timeout a classic group member may ask for.")
            .define(GROUP_MAX_SIZE, Type.INT, Integer.MAX_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "The most members a classic group admits.")
            .define(OFFSET_METADATA_MAX_BYTES, Type.INT, 4096, Range.atLeast(0), Importance.LOW,
                    "The longest metadata string a committed offset may carry.")
            .define(OFFSETS_TOPIC_NUM_PARTITIONS, Type.INT, 50, Range.atLeast(1), Importance.HIGH,
                    "Partitions of __consumer_offsets; fixed once the topic exists, as each group's coordinator follows from it.")
            .define(OFFSETS_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.HIGH,
                    "Replication factor of __consumer_offsets; lowered to the live node count when fewer nodes exist at its creation.")
            .define(OFFSETS_TOPIC_SEGMENT_BYTES, Type.INT, 100 * 1024 * 1024, Range.atLeast(1), Importance.HIGH,
                    "Segment size of __consumer_offsets, kept small for fast compaction and loading.")
            .define(OFFSETS_RETENTION_MINUTES, Type.INT, 10_080, Range.atLeast(1), Importance.HIGH,
                    "How long the committed offsets of a group without members are kept.")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 600_000L, Range.atLeast(1), Importance.HIGH,
                    "How often expired offsets, and empty groups left without offsets, are removed.")
            .define(OFFSETS_COMMIT_TIMEOUT_MS, Type.INT, 5_000, Range.atLeast(1), Importance.HIGH,
                    "How long an offset commit waits for every in-sync replica of its __consumer_offsets partition.")
            .define(SHARE_COORDINATOR_STATE_TOPIC_NUM_PARTITIONS, Type.INT, 50, Range.atLeast(1), Importance.HIGH,
                    "Partitions of __share_group_state; fixed once the topic exists, as each share partition's coordinator follows from it.")
            .define(SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.HIGH,
                    "Replication factor of __share_group_state; lowered to the live node count when fewer nodes exist at its creation.")
            .define(SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR, Type.SHORT, (short) 2, Range.atLeast(1), Importance.HIGH,
                    "min.insync.replicas of __share_group_state; lowered to its replication factor.")
            .define(SHARE_COORDINATOR_STATE_TOPIC_SEGMENT_BYTES, Type.INT, 100 * 1024 * 1024, Range.atLeast(1), Importance.HIGH,
                    "Segment size of __share_group_state, kept small for fast compaction and loading.")
            .define(SHARE_COORDINATOR_SNAPSHOT_UPDATE_RECORDS_PER_SNAPSHOT, Type.INT, 500, Range.between(0, 500), Importance.MEDIUM,
                    "Update records of a share partition's state written between two snapshots of it; replaying a state partition reads at most this many after each snapshot.")
            .define(SHARE_COORDINATOR_WRITE_TIMEOUT_MS, Type.INT, 5_000, Range.atLeast(1), Importance.HIGH,
                    "How long a write of share-partition state waits for every in-sync replica of its __share_group_state partition.")
            .define(BROKER_RACK, Type.STRING, "", Importance.MEDIUM,
                    "This broker's rack; replica placement spreads a partition's replicas over racks. Empty means none.")
            .define(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, Type.INT, 5_000, Range.atLeast(1), Importance.MEDIUM,
                    "How often members of consumer-protocol groups (group.protocol=consumer) heartbeat.")
            .define(GROUP_CONSUMER_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1), Importance.MEDIUM,
                    "A member of a consumer-protocol group not heard from for this long is removed.")
            .define(GROUP_CONSUMER_ASSIGNORS, Type.LIST, "uniform,range", ConfigDef.ValidList.in(false, "uniform", "range",
                            "org.apache.kafka.coordinator.group.assignor.UniformAssignor",
                            "org.apache.kafka.coordinator.group.assignor.RangeAssignor"), Importance.MEDIUM,
                    "The server-side assignors of consumer-protocol groups (uniform, range, or Kafka's class names "
                            + "of them); the first is the default.")
            .define(GROUP_CONSUMER_MAX_SIZE, Type.INT, Integer.MAX_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "The most members a consumer-protocol group admits.")
            .define(GROUP_SHARE_RECORD_LOCK_DURATION_MS, Type.INT, 30_000, Range.atLeast(1_000), Importance.MEDIUM,
                    "How long a share group member holds the records it acquired before they are offered again.")
            .define(GROUP_SHARE_DELIVERY_COUNT_LIMIT, Type.INT, 5, Range.between(2, 10), Importance.MEDIUM,
                    "Deliveries of a record to a share group after which it is archived instead of offered again.")
            .define(GROUP_SHARE_PARTITION_MAX_RECORD_LOCKS, Type.INT, 2000, Range.atLeast(100), Importance.MEDIUM,
                    "How many records past its start offset a share partition has in flight at most.")
            .define(GROUP_SHARE_MAX_SHARE_SESSIONS, Type.INT, 2000, Range.atLeast(1), Importance.MEDIUM,
                    "How many share sessions (share group members fetching from this broker) it keeps at most.")
            .define(GROUP_SHARE_HEARTBEAT_INTERVAL_MS, Type.INT, 5_000, Range.atLeast(1), Importance.MEDIUM,
                    "How often members of share groups heartbeat.")
            .define(GROUP_SHARE_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1), Importance.MEDIUM,
                    "A member of a share group not heard from for this long is removed.")
            .define(GROUP_SHARE_MAX_SIZE, Type.INT, 200, Range.atLeast(1), Importance.MEDIUM,
                    "The most members a share group admits.")
            .define(GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1), Importance.MEDIUM,
                    "The shortest consumer.session.timeout.ms a consumer-protocol group may be given.")
            .define(GROUP_CONSUMER_MAX_SESSION_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1), Importance.MEDIUM,
                    "The longest consumer.session.timeout.ms a consumer-protocol group may be given.")
            .define(GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS, Type.INT, 5_000, Range.atLeast(1), Importance.MEDIUM,
                    "The shortest consumer.heartbeat.interval.ms a consumer-protocol group may be given.")
            .define(GROUP_CONSUMER_MAX_HEARTBEAT_INTERVAL_MS, Type.INT, 15_000, Range.atLeast(1), Importance.MEDIUM,
                    "The longest consumer.heartbeat.interval.ms a consumer-protocol group may be given.")
            .define(GROUP_SHARE_MIN_SESSION_TIMEOUT_MS, Type.INT, 45_000, Range.atLeast(1), Importance.MEDIUM,
                    "The shortest share.session.timeout.ms a share group may be given.")
            .define(GROUP_SHARE_MAX_SESSION_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1), Importance.MEDIUM,
                    "The longest share.session.timeout.ms a share group may be given.")
            .define(GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS, Type.INT, 5_000, Range.atLeast(1), Importance.MEDIUM,
                    "The shortest share.heartbeat.interval.ms a share group may be given.")
            .define(GROUP_SHARE_MAX_HEARTBEAT_INTERVAL_MS, Type.INT, 15_000, Range.atLeast(1), Importance.MEDIUM,
                    "The longest share.heartbeat.interval.ms a share group may be given.")
            .define(GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS, Type.INT, 15_000, Range.atLeast(1_000), Importance.MEDIUM,
                    "The shortest share.record.lock.duration.ms a share group may be given.")
            .define(GROUP_SHARE_MAX_RECORD_LOCK_DURATION_MS, Type.INT, 60_000, Range.atLeast(1_000), Importance.MEDIUM,
                    "The longest share.record.lock.duration.ms a share group may be given.")
            .define(GROUP_SHARE_MIN_DELIVERY_COUNT_LIMIT, Type.INT, 2, Range.atLeast(2), Importance.MEDIUM,
                    "The lowest share.delivery.count.limit a share group may be given.")
            .define(GROUP_SHARE_MAX_DELIVERY_COUNT_LIMIT, Type.INT, 10, Range.atLeast(2), Importance.MEDIUM,
                    "The highest share.delivery.count.limit a share group may be given.")
            .define(GROUP_SHARE_MIN_PARTITION_MAX_RECORD_LOCKS, Type.INT, 100, Range.atLeast(100), Importance.MEDIUM,
                    "The lowest share.partition.max.record.locks a share group may be given.")
            .define(GROUP_SHARE_MAX_PARTITION_MAX_RECORD_LOCKS, Type.INT, 4000, Range.atLeast(100), Importance.MEDIUM,
                    "The highest share.partition.max.record.locks a share group may be given.")
            .define(HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.HIGH,
                    "How often the high watermarks are written to replication-offset-checkpoint in the data directory.")
            .define(AUTO_LEADER_REBALANCE_ENABLE, Type.BOOLEAN, true, Importance.HIGH,
                    "Whether the controller moves leadership back to preferred replicas when a broker leads too few of its partitions.")
            .define(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, Type.LONG, 300L, Range.atLeast(1), Importance.HIGH,
                    "How often the controller checks the leader imbalance.")
            .define(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, Type.INT, 10, Range.atLeast(0), Importance.HIGH,
                    "The share of a broker's preferred partitions it may not lead before the controller rebalances them, in percent.")
            .define(NUM_NETWORK_THREADS, Type.INT, Math.max(2, Runtime.getRuntime().availableProcessors()), Range.atLeast(1),
                    Importance.HIGH, "The event loops serving the listeners' connections (each connection is served by one); "
                            + "the default is one per core, at least 2.")
            .define(LOG_CLEANER_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Whether the log cleaner runs (one thread) to compact topics with cleanup.policy compact.")
            .define(LOG_CLEANER_BACKOFF_MS, Type.LONG, 15_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long the log cleaner sleeps when no log needs cleaning.")
            .define(LOG_CLEANER_DEDUPE_BUFFER_SIZE, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1024 * 1024), Importance.MEDIUM,
                    "The memory one cleaning may use for its map of keys to their last offsets; a larger dirty section is cleaned in several passes.")
            .define(METRICS_HISTORY_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                    "How often the node samples its metrics history (rates of its traffic, per topic, and the lag of the "
                            + "groups it coordinates) for the console's charts.")
            .define(METRICS_HISTORY_RETENTION_MS, Type.LONG, 3_600_000L, Range.atLeast(1_000), Importance.LOW,
                    "How far back the metrics history goes; it is kept in memory and lost when the node stops.")
            .define(METRICS_HISTORY_MAX_SERIES, Type.INT, 100, Range.atLeast(0), Importance.LOW,
                    "How many topics, and apart how many consumer groups, have a metrics history; the others are left out "
                            + "(by name: the first have one) and counted.")
            .define(MAX_PARTITIONS_PER_REQUEST, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "The most partitions one request may create: a CreateTopics request's topics together, the partitions a "
                            + "CreatePartitions request adds, the topics a Metadata request auto-creates (POLICY_VIOLATION beyond).")
            .define(MAX_BROKER_PARTITIONS, Type.INT, null, (name, value) -> {
                        if (value != null && (Integer) value < 1) throw new ConfigException(name, value, "must be at least 1");
                    }, Importance.MEDIUM,
                    "The most partition replicas this broker holds (KIP-578's name): placements beyond it are refused with "
                            + "POLICY_VIOLATION, and logs beyond it are not opened. By default what the process's open-file "
                            + "limit and vm.max_map_count allow: two file descriptors and four memory mappings per "
                            + "partition, after a quarter of each limit is set aside for connections and the JVM.")
            .define(AUTHORIZER_CLASS_NAME, Type.STRING, "", (name, value) -> {
                        String v = ((String) value).trim();
                        if (!v.isEmpty() && !BUILT_IN_AUTHORIZERS.contains(v)) {
                            throw new ConfigException(name, value, "the only authorizer is the built-in ACL authorizer, named "
                                    + String.join(" or ", BUILT_IN_AUTHORIZERS));
                        }
                    }, Importance.HIGH,
                    "The authorizer checking every request against the cluster's ACLs; empty means none (everything allowed).")
            .define(SUPER_USERS, Type.STRING, "", (name, value) -> {
                        for (String principal : principals((String) value)) {
                            if (principal.indexOf(':') < 1) throw new ConfigException(name, value, "'" + principal + "' is not a principal such as User:admin");
                        }
                    }, Importance.HIGH,
                    "Principals allowed everything whatever the ACLs say, separated by semicolons (User:admin;User:broker).")
            .define(ALLOW_EVERYONE_IF_NO_ACL_FOUND, Type.BOOLEAN, false, Importance.HIGH,
                    "Whether a resource without any ACL is open to everyone (with an authorizer on).")
            .withClientSslSupport();

    private final Map<String, String> given;
    private final AbstractConfig values;
    private final Map<String, String> logDefaults;
    private final int maxBrokerPartitions;
    private final List<ListenerConfig> listeners;
    private final ListenerConfig interBrokerListener;

    private NodeConfig(Map<String, String> given) {
        this.given = Map.copyOf(given);
        this.values = new AbstractConfig(DEFINITION, this.given, false);
        SettingRelations.check(values);
        this.logDefaults = Map.copyOf(BrokerTopicDefaults.fromBrokerSettings(this.given));
        Integer maxPartitions = values.getInt(MAX_BROKER_PARTITIONS);
        this.maxBrokerPartitions = maxPartitions != null ? maxPartitions : ProcessFileLimits.ofThisProcess().partitions();
        this.listeners = Listeners.parse(values.getString(LISTENERS), values.getString(ADVERTISED_LISTENERS),
                values.getString(LISTENER_SECURITY_PROTOCOL_MAP), new ListenerConfig(SecurityProtocol.PLAINTEXT.name,
                        SecurityProtocol.PLAINTEXT, listenerHost(), kafkaPort(), advertisedHost(), 0));
        this.interBrokerListener = Listeners.interBroker(listeners, values.getString(INTER_BROKER_LISTENER_NAME),
                values.getString(SECURITY_INTER_BROKER_PROTOCOL));
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
        return with(Map.of(name, value));
    }

    /** The same configuration with every setting of {@code changes} set, validated together (listeners and their map). */
    public NodeConfig with(Map<String, ?> changes) {
        Map<String, String> changed = new HashMap<>(given);
        changes.forEach((name, value) -> changed.put(name, String.valueOf(value)));
        return new NodeConfig(changed);
    }

    /** Every defined setting with its effective value, sorted by name, as DescribeConfigs lists a broker. */
    public Map<String, String> effectiveSettings() {
        Map<String, String> settings = new TreeMap<>();
        DEFINITION.names().forEach(name -> settings.put(name, String.valueOf(values.values().get(name))));
        settings.put(ADVERTISED_HOST, advertisedHost());
        settings.put(ADVERTISED_LISTENERS, String.join(",", listeners.stream()
                .map(l -> l.name() + "://" + l.advertisedHost() + ":" + (l.advertisedPort() > 0 ? l.advertisedPort() : l.port())).toList()));
        settings.put(INTER_BROKER_LISTENER_NAME, interBrokerListener.name());
        settings.put(MAX_BROKER_PARTITIONS, Integer.toString(maxBrokerPartitions));
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

    /** The Kafka listeners, in the order given; the first is the node's own (its clients in the host use it). */
    public List<ListenerConfig> listeners() {
        return listeners;
    }

    /** The listener brokers replicate and send transaction markers through. */
    public ListenerConfig interBrokerListener() {
        return interBrokerListener;
    }

    /**
     * Every setting with its parsed value, a setting prefixed with the listener's {@code listener.name.<name>.}
     * taking the place of the unprefixed one, as Kafka configures each listener (its TLS stores, for one).
     */
    public Map<String, Object> listenerSettings(String listenerName) {
        return values.valuesWithPrefixOverride(new ListenerName(listenerName).configPrefix());
    }

    /** The raw value of a setting outside the definition (a listener's prefixed {@code sasl.jaas.config}), if given. */
    public Optional<String> original(String name) {
        return Optional.ofNullable(given.get(name));
    }

    /** Whether a defined setting's value is a secret, which DescribeConfigs does not show. */
    public static boolean sensitive(String name) {
        ConfigDef.ConfigKey key = DEFINITION.configKeys().get(name);
        return key != null && key.type == Type.PASSWORD;
    }

    public String sslPrincipalMappingRules() {
        return values.getString(SSL_PRINCIPAL_MAPPING_RULES);
    }

    public List<String> saslEnabledMechanisms() {
        return values.getList(SASL_ENABLED_MECHANISMS);
    }

    public String saslMechanismInterBrokerProtocol() {
        return values.getString(SASL_MECHANISM_INTER_BROKER_PROTOCOL);
    }

    public long connectionsMaxReauthMs() {
        return values.getLong(CONNECTIONS_MAX_REAUTH_MS);
    }

    /** {@code inter.broker.sasl.username} and its password, when set. */
    public Optional<Map.Entry<String, String>> interBrokerSaslCredentials() {
        String user = values.getString(INTER_BROKER_SASL_USERNAME);
        Password password = values.getPassword(INTER_BROKER_SASL_PASSWORD);
        return user.isBlank() ? Optional.empty() : Optional.of(Map.entry(user, password == null ? "" : password.value()));
    }

    /** {@code users.file}, if set. */
    public Optional<Path> usersFile() {
        String file = values.getString(USERS_FILE);
        return file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
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

    public int groupConsumerHeartbeatIntervalMs() {
        return values.getInt(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS);
    }

    public int groupConsumerSessionTimeoutMs() {
        return values.getInt(GROUP_CONSUMER_SESSION_TIMEOUT_MS);
    }

    public List<String> groupConsumerAssignors() {
        return values.getList(GROUP_CONSUMER_ASSIGNORS);
    }

    public int groupConsumerMaxSize() {
        return values.getInt(GROUP_CONSUMER_MAX_SIZE);
    }

    public int groupShareRecordLockDurationMs() {
        return values.getInt(GROUP_SHARE_RECORD_LOCK_DURATION_MS);
    }

    public int groupShareMaxShareSessions() {
        return values.getInt(GROUP_SHARE_MAX_SHARE_SESSIONS);
    }

    public int groupShareHeartbeatIntervalMs() {
        return values.getInt(GROUP_SHARE_HEARTBEAT_INTERVAL_MS);
    }

    public int groupShareSessionTimeoutMs() {
        return values.getInt(GROUP_SHARE_SESSION_TIMEOUT_MS);
    }

    public int groupShareMaxSize() {
        return values.getInt(GROUP_SHARE_MAX_SIZE);
    }

    /** An int setting by name: the group config bounds ({@code group.share.min.record.lock.duration.ms}, ...). */
    public int intSetting(String name) {
        return values.getInt(name);
    }

    public long replicaLagTimeMaxMs() {
        return values.getLong(REPLICA_LAG_TIME_MAX_MS);
    }

    public int brokerSessionTimeoutMs() {
        return values.getInt(BROKER_SESSION_TIMEOUT_MS);
    }

    public int brokerHeartbeatIntervalMs() {
        return values.getInt(BROKER_HEARTBEAT_INTERVAL_MS);
    }

    public int replicaFetchMaxBytes() {
        return values.getInt(REPLICA_FETCH_MAX_BYTES);
    }

    public int replicationQuotaWindowNum() {
        return values.getInt(REPLICATION_QUOTA_WINDOW_NUM);
    }

    public int replicationQuotaWindowSizeSeconds() {
        return values.getInt(REPLICATION_QUOTA_WINDOW_SIZE_SECONDS);
    }

    public int quotaWindowNum() {
        return values.getInt(QUOTA_WINDOW_NUM);
    }

    public int quotaWindowSizeSeconds() {
        return values.getInt(QUOTA_WINDOW_SIZE_SECONDS);
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

    public long metricsHistoryIntervalMs() {
        return values.getLong(METRICS_HISTORY_INTERVAL_MS);
    }

    public long metricsHistoryRetentionMs() {
        return values.getLong(METRICS_HISTORY_RETENTION_MS);
    }

    public int metricsHistoryMaxSeries() {
        return values.getInt(METRICS_HISTORY_MAX_SERIES);
    }

    public long highWatermarkCheckpointIntervalMs() {
        return values.getLong(HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS);
    }

    public boolean autoLeaderRebalanceEnable() {
        return values.getBoolean(AUTO_LEADER_REBALANCE_ENABLE);
    }

    public long leaderImbalanceCheckIntervalMs() {
        return values.getLong(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS) * 1000;
    }

    public int leaderImbalancePerBrokerPercentage() {
        return values.getInt(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE);
    }

    public int groupMinSessionTimeoutMs() {
        return values.getInt(GROUP_MIN_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSessionTimeoutMs() {
        return values.getInt(GROUP_MAX_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSize() {
        return values.getInt(GROUP_MAX_SIZE);
    }

    public int offsetMetadataMaxBytes() {
        return values.getInt(OFFSET_METADATA_MAX_BYTES);
    }

    public int offsetsTopicNumPartitions() {
        return values.getInt(OFFSETS_TOPIC_NUM_PARTITIONS);
    }

    public short offsetsTopicReplicationFactor() {
        return values.getShort(OFFSETS_TOPIC_REPLICATION_FACTOR);
    }

    public int offsetsTopicSegmentBytes() {
        return values.getInt(OFFSETS_TOPIC_SEGMENT_BYTES);
    }

    public long offsetsRetentionMs() {
        return values.getInt(OFFSETS_RETENTION_MINUTES) * 60_000L;
    }

    public long offsetsRetentionCheckIntervalMs() {
        return values.getLong(OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    public int offsetsCommitTimeoutMs() {
        return values.getInt(OFFSETS_COMMIT_TIMEOUT_MS);
    }

    public int shareCoordinatorStateTopicNumPartitions() {
        return values.getInt(SHARE_COORDINATOR_STATE_TOPIC_NUM_PARTITIONS);
    }

    public short shareCoordinatorStateTopicReplicationFactor() {
        return values.getShort(SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR);
    }

    public short shareCoordinatorStateTopicMinIsr() {
        return values.getShort(SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR);
    }

    public int shareCoordinatorStateTopicSegmentBytes() {
        return values.getInt(SHARE_COORDINATOR_STATE_TOPIC_SEGMENT_BYTES);
    }

    public int shareCoordinatorSnapshotUpdateRecordsPerSnapshot() {
        return values.getInt(SHARE_COORDINATOR_SNAPSHOT_UPDATE_RECORDS_PER_SNAPSHOT);
    }

    public int shareCoordinatorWriteTimeoutMs() {
        return values.getInt(SHARE_COORDINATOR_WRITE_TIMEOUT_MS);
    }

    /** {@code broker.rack}, if set. */
    public Optional<String> rack() {
        String rack = values.getString(BROKER_RACK);
        return rack.isBlank() ? Optional.empty() : Optional.of(rack);
    }

    public int numNetworkThreads() {
        return values.getInt(NUM_NETWORK_THREADS);
    }

    public boolean logCleanerEnable() {
        return values.getBoolean(LOG_CLEANER_ENABLE);
    }

    public long logCleanerBackoffMs() {
        return values.getLong(LOG_CLEANER_BACKOFF_MS);
    }

    public long logCleanerDedupeBufferSize() {
        return values.getLong(LOG_CLEANER_DEDUPE_BUFFER_SIZE);
    }

    public int maxPartitionsPerRequest() {
        return values.getInt(MAX_PARTITIONS_PER_REQUEST);
    }

    /** Whether {@code authorizer.class.name} turns the ACL authorizer on. */
    public boolean authorizerEnabled() {
        return !values.getString(AUTHORIZER_CLASS_NAME).isBlank();
    }

    /** {@code super.users}, each as {@code Type:name}. */
    public List<String> superUsers() {
        return principals(values.getString(SUPER_USERS));
    }

    public boolean allowEveryoneIfNoAclFound() {
        return values.getBoolean(ALLOW_EVERYONE_IF_NO_ACL_FOUND);
    }

    private static List<String> principals(String semicolonSeparated) {
        return Arrays.stream(semicolonSeparated.split(";")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** {@code max.broker.partitions}: as set, else what this process's file limits allow ({@link ProcessFileLimits}). */
    public int maxBrokerPartitions() {
        return maxBrokerPartitions;
    }

    /** Whether {@code max.broker.partitions} was set rather than derived from the process's file limits. */
    public boolean maxBrokerPartitionsSet() {
        return values.getInt(MAX_BROKER_PARTITIONS) != null;
    }

    @Override
    public String toString() {
        return "NodeConfig" + effectiveSettings();
    }
}
