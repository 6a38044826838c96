package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topic-level configs Partita supports: their names, types, defaults, documentation and validation, all as
 * Kafka 4 defines them.
 *
 * <p>This is the one place that knows the set of topic configs. Configs Kafka has but Partita cannot honour (tiered
 * storage, ...) are deliberately absent, so setting them fails as an unknown name instead
 * of being silently ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicConfigs {

    public static final String LEADER_REPLICATION_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";

    private static final ConfigDef DEFINITIONS = new ConfigDef();

    static {
        long longMax = Long.MAX_VALUE;
        define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                new CleanupPolicyValidator(), TopicConfig.CLEANUP_POLICY_DOC);
        define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, 604_800_000L, Range.atLeast(-1), TopicConfig.RETENTION_MS_DOC);
        define(TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, -1L, null, TopicConfig.RETENTION_BYTES_DOC);
        define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, 1_073_741_824, Range.atLeast(1024 * 1024), TopicConfig.SEGMENT_BYTES_DOC);
        define(TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, 604_800_000L, Range.atLeast(1), TopicConfig.SEGMENT_MS_DOC);
        define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), TopicConfig.SEGMENT_JITTER_MS_DOC);
        define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, 10_485_760, Range.atLeast(4), TopicConfig.SEGMENT_INDEX_BYTES_DOC);
        define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, 4096, Range.atLeast(0), TopicConfig.INDEX_INTERVAL_BYTES_DOC);
        define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, 1_048_588, Range.atLeast(0), TopicConfig.MAX_MESSAGE_BYTES_DOC);
        define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING, "CreateTime",
                ValidString.in("CreateTime", "LogAppendTime"), TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC);
        define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, longMax, Range.atLeast(0),
                TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC);
        define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(0),
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC);
        define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, Range.atLeast(1), TopicConfig.MIN_IN_SYNC_REPLICAS_DOC);
        define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, longMax, Range.atLeast(1), TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC);
        define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, longMax, Range.atLeast(0), TopicConfig.FLUSH_MS_DOC);
        define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0), TopicConfig.DELETE_RETENTION_MS_DOC);
        define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), TopicConfig.MIN_COMPACTION_LAG_MS_DOC);
        define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, longMax, Range.atLeast(1), TopicConfig.MAX_COMPACTION_LAG_MS_DOC);
        define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, 0.5, Range.between(0, 1),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC);
        define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, "producer",
                ValidString.in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), TopicConfig.COMPRESSION_TYPE_DOC);
        define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, -1, new GzipLevelValidator(),
                TopicConfig.COMPRESSION_GZIP_LEVEL_DOC);
        define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, Range.between(1, 17), TopicConfig.COMPRESSION_LZ4_LEVEL_DOC);
        define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, Range.between(-131072, 22),
                TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC);
        define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), TopicConfig.FILE_DELETE_DELAY_MS_DOC);
        define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false, null,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC);
        define(TopicConfig.PREALLOCATE_CONFIG, Type.BOOLEAN, false, null, TopicConfig.PREALLOCATE_DOC);
        define(LEADER_REPLICATION_THROTTLED_REPLICAS, Type.LIST, "", new ThrottledReplicasValidator(),
                "Replicas whose replication is throttled on the leader side (to leader.replication.throttled.rate while "
                        + "out of sync): partition:broker pairs, or * for all.");
        define(FOLLOWER_REPLICATION_THROTTLED_REPLICAS, Type.LIST, "", new ThrottledReplicasValidator(),
                "Replicas whose replication is throttled on the follower side (to follower.replication.throttled.rate while "
                        + "out of sync): partition:broker pairs, or * for all.");
        define(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, Type.INT, 2_147_483_639, Range.between(1, 2_147_483_639),
                TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_DOC);
    }

    private static final Map<String, String> DEFAULTS = defaultsAsStrings();

    private TopicConfigs() {
    }

    /** Every supported topic config name with Kafka's default as a string, in a stable order. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    public static boolean isKnown(String name) {
        return DEFINITIONS.configKeys().containsKey(name);
    }

    /**
     * Checks topic overrides as a client would send them (CreateTopics, AlterConfigs).
     * A null value means "back to the default" and is always valid.
     *
     * @throws InvalidConfigurationException on an unknown name, a value of the wrong type or out of range
     */
    public static void validate(Map<String, String> overrides) {
        overrides.forEach((name, value) -> {
            ConfigDef.ConfigKey key = key(name);
            if (value == null) return;
            try {
                Object parsed = ConfigDef.parseType(name, value, key.type);
                if (key.validator != null) key.validator.ensureValid(name, parsed);
            } catch (ConfigException e) {
                throw new InvalidConfigurationException(e.getMessage());
            }
        });
    }

    /**
     * The effective string value of every supported config: Kafka's default, overridden by the broker's defaults,
     * overridden by the topic's own overrides (null values in either map do not override). Values are not validated.
     *
     * @throws InvalidConfigurationException on an unknown name in either map
     */
    public static Map<String, String> effective(Map<String, String> topicOverrides, Map<String, String> brokerDefaults) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (Map<String, String> layer : java.util.List.of(brokerDefaults, topicOverrides)) {
            layer.forEach((name, value) -> {
                key(name);
                if (value != null) values.put(name, value.trim());
            });
        }
        return Collections.unmodifiableMap(values);
    }

    /** The config's type as DescribeConfigs names it: "LONG", "INT", "STRING", "BOOLEAN", "DOUBLE", "LIST", ... */
    public static String typeOf(String name) {
        return key(name).type.name();
    }

    public static String documentation(String name) {
        return key(name).documentation;
    }

    /** Parses a value of a known config to its Java type (Long, Integer, String, Boolean, Double, List). */
    static Object parse(String name, String value) {
        try {
            return ConfigDef.parseType(name, value, key(name).type);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private static ConfigDef.ConfigKey key(String name) {
        ConfigDef.ConfigKey key = DEFINITIONS.configKeys().get(name);
        if (key == null) throw new InvalidConfigurationException("Unknown topic config name: " + name);
        return key;
    }

    private static void define(String name, Type type, Object defaultValue, Validator validator, String doc) {
        DEFINITIONS.define(name, type, defaultValue, validator, Importance.MEDIUM, doc);
    }

    private static Map<String, String> defaultsAsStrings() {
        Map<String, String> defaults = new LinkedHashMap<>();
        DEFINITIONS.configKeys().values().forEach(k -> defaults.put(k.name, ConfigDef.convertToString(k.defaultValue, k.type)));
        return Collections.unmodifiableMap(defaults);
    }

    /** {@code delete}, {@code compact} or both, each at most once. */
    private static final class CleanupPolicyValidator implements Validator {
        private final ValidList values = ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE);

        @Override
        public void ensureValid(String name, Object value) {
            values.ensureValid(name, value);
            java.util.List<?> list = (java.util.List<?>) value;
            if (list.isEmpty() || list.size() != new java.util.HashSet<>(list).size()) {
                throw new ConfigException(name, value, "Expected one of delete, compact or \"compact,delete\"");
            }
        }

        @Override
        public String toString() {
            return "[compact, delete]";
        }
    }

    /** Kafka's throttled-replica lists: empty, {@code *}, or {@code partition:broker} pairs. */
    private static final class ThrottledReplicasValidator implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            java.util.List<?> list = (java.util.List<?>) value;
            if (list.equals(java.util.List.of("*"))) return;
            for (Object entry : list) {
                if (!String.valueOf(entry).trim().matches("\\d+:\\d+")) {
                    throw new ConfigException(name, value, "Expected * or a list of partition:broker pairs, e.g. 0:101,1:102");
                }
            }
        }

        @Override
        public String toString() {
            return "[partitionId]:[brokerId],[partitionId]:[brokerId],...";
        }
    }

    /** Kafka's gzip level: 1 to 9, or -1 for the codec's default. */
    private static final class GzipLevelValidator implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            int level = (Integer) value;
            if (level != -1 && (level < 1 || level > 9)) {
                throw new ConfigException(name, value, "Value must be between 1 and 9, or -1");
            }
        }

        @Override
        public String toString() {
            return "[1,...,9] or -1";
        }
    }
}
