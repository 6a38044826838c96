package io.partita.engine.config;

import io.partita.engine.share.ShareAutoOffsetReset;
import io.partita.engine.share.SharePartitionConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-group configs Partita serves (Kafka 4.4's {@code ConfigResource.Type.GROUP}, {@code kafka-configs.sh
 * --entity-type groups}): their names, types, defaults and bounds. A group without an override takes the broker's
 * value (its synonym, e.g. {@code group.share.record.lock.duration.ms} for {@code share.record.lock.duration.ms}); an
 * override must lie within the broker's {@code group.*.min.*}/{@code group.*.max.*} bounds, checked with Kafka's
 * messages. Kafka's streams, assignment-interval, dead-letter-queue and renew-acknowledge group configs are not
 * served: setting them is refused as an unknown name. Immutable after construction; thread-safe.
 */
public final class GroupConfigs {

    public static final String CONSUMER_SESSION_TIMEOUT_MS = "consumer.session.timeout.ms";
    public static final String CONSUMER_HEARTBEAT_INTERVAL_MS = "consumer.heartbeat.interval.ms";
    public static final String SHARE_SESSION_TIMEOUT_MS = "share.session.timeout.ms";
    public static final String SHARE_HEARTBEAT_INTERVAL_MS = "share.heartbeat.interval.ms";
    public static final String SHARE_RECORD_LOCK_DURATION_MS = "share.record.lock.duration.ms";
    public static final String SHARE_DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    public static final String SHARE_PARTITION_MAX_RECORD_LOCKS = "share.partition.max.record.locks";
    public static final String SHARE_AUTO_OFFSET_RESET = ShareAutoOffsetReset.NAME;
    public static final String SHARE_ISOLATION_LEVEL = "share.isolation.level";

    /** Types, lower limits and documentation; the defaults come from the broker (see {@link #GROUP_SYNONYMS}). */
    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(CONSUMER_HEARTBEAT_INTERVAL_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "How often the members of this consumer-protocol group heartbeat.")
            .define(CONSUMER_SESSION_TIMEOUT_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "A member of this consumer-protocol group not heard from for this long is removed.")
            .define(SHARE_AUTO_OFFSET_RESET, Type.STRING, "latest", Importance.MEDIUM,
                    "Where this share group starts a partition it has no state for: latest (the high watermark), earliest "
                            + "(the log start offset) or by_duration:<ISO-8601 duration> (the first record at or after "
                            + "now minus the duration; the end when none is that recent).")
            .define(SHARE_DELIVERY_COUNT_LIMIT, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(2), Importance.MEDIUM,
                    "Deliveries of a record to this share group after which it is archived instead of offered again.")
            .define(SHARE_HEARTBEAT_INTERVAL_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "How often the members of this share group heartbeat.")
            .define(SHARE_ISOLATION_LEVEL, Type.STRING, "read_uncommitted",
                    ValidString.in("read_committed", "read_uncommitted"), Importance.MEDIUM,
                    "Whether this share group reads only committed transactional records (read_committed) or all of them.")
            .define(SHARE_PARTITION_MAX_RECORD_LOCKS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(100), Importance.MEDIUM,
                    "How many records past its start offset a partition of this share group has in flight at most.")
            .define(SHARE_RECORD_LOCK_DURATION_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1_000), Importance.MEDIUM,
                    "How long a member of this share group holds the records it acquired before they are offered again.")
            .define(SHARE_SESSION_TIMEOUT_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, Range.atLeast(1), Importance.MEDIUM,
                    "A member of this share group not heard from for this long is removed.");

    /** The broker setting each group config defaults to, for those that have one (the others default to Kafka's). */
    private static final Map<String, String> GROUP_SYNONYMS = Map.of(
            CONSUMER_HEARTBEAT_INTERVAL_MS, NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS,
            CONSUMER_SESSION_TIMEOUT_MS, NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS,
            SHARE_DELIVERY_COUNT_LIMIT, NodeConfig.GROUP_SHARE_DELIVERY_COUNT_LIMIT,
            SHARE_HEARTBEAT_INTERVAL_MS, NodeConfig.GROUP_SHARE_HEARTBEAT_INTERVAL_MS,
            SHARE_PARTITION_MAX_RECORD_LOCKS, NodeConfig.GROUP_SHARE_PARTITION_MAX_RECORD_LOCKS,
            SHARE_RECORD_LOCK_DURATION_MS, NodeConfig.GROUP_SHARE_RECORD_LOCK_DURATION_MS,
            SHARE_SESSION_TIMEOUT_MS, NodeConfig.GROUP_SHARE_SESSION_TIMEOUT_MS);

    /** The broker settings bounding each int group config: its lowest and highest value. */
    private static final Map<String, String[]> BOUNDS = Map.of(
            CONSUMER_HEARTBEAT_INTERVAL_MS, new String[]{NodeConfig.GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS, NodeConfig.GROUP_CONSUMER_MAX_HEARTBEAT_INTERVAL_MS},
            CONSUMER_SESSION_TIMEOUT_MS, new String[]{NodeConfig.GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS, NodeConfig.GROUP_CONSUMER_MAX_SESSION_TIMEOUT_MS},
            SHARE_DELIVERY_COUNT_LIMIT, new String[]{NodeConfig.GROUP_SHARE_MIN_DELIVERY_COUNT_LIMIT, NodeConfig.GROUP_SHARE_MAX_DELIVERY_COUNT_LIMIT},
            SHARE_HEARTBEAT_INTERVAL_MS, new String[]{NodeConfig.GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS, NodeConfig.GROUP_SHARE_MAX_HEARTBEAT_INTERVAL_MS},
            SHARE_PARTITION_MAX_RECORD_LOCKS, new String[]{NodeConfig.GROUP_SHARE_MIN_PARTITION_MAX_RECORD_LOCKS, NodeConfig.GROUP_SHARE_MAX_PARTITION_MAX_RECORD_LOCKS},
            SHARE_RECORD_LOCK_DURATION_MS, new String[]{NodeConfig.GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS, NodeConfig.GROUP_SHARE_MAX_RECORD_LOCK_DURATION_MS},
            SHARE_SESSION_TIMEOUT_MS, new String[]{NodeConfig.GROUP_SHARE_MIN_SESSION_TIMEOUT_MS, NodeConfig.GROUP_SHARE_MAX_SESSION_TIMEOUT_MS});

    /** Each group config's value for a group without an override, in name order. */
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, int[]> bounds = new LinkedHashMap<>();

    private GroupConfigs(NodeConfig node) {
        for (String name : DEFINITION.names()) {
            String synonym = GROUP_SYNONYMS.get(name);
            defaults.put(name, synonym != null ? Integer.toString(node.intSetting(synonym))
                    : String.valueOf(DEFINITION.configKeys().get(name).defaultValue));
        }
        BOUNDS.forEach((name, range) -> bounds.put(name, new int[]{node.intSetting(range[0]), node.intSetting(range[1])}));
    }

    /** The group configs' defaults and bounds on the node's settings. */
    public static GroupConfigs from(NodeConfig node) {
        return new GroupConfigs(node);
    }

    /** The names of the group configs, sorted. */
    public Set<String> names() {
        return DEFINITION.names();
    }

    /** The value of {@code name} for a group that does not override it. */
    public String defaultValue(String name) {
        return defaults.get(name);
    }

    /** The broker setting {@code name} defaults to, as DescribeConfigs names it: itself when it has none. */
    public static String brokerSynonym(String name) {
        return Optional.ofNullable(GROUP_SYNONYMS.get(name)).orElse(name);
    }

    /** The type of a group config ({@code ConfigDef.Type} name), as DescribeConfigs reports it. */
    public static String typeOf(String name) {
        return DEFINITION.configKeys().get(name).type.name();
    }

    public static String documentation(String name) {
        return DEFINITION.configKeys().get(name).documentation;
    }

    /** Every group config's value for a group with {@code overrides}. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        values.putAll(overrides);
        return values;
    }

    /** The settings a share group with {@code overrides} works by on its partitions' leaders. */
    public SharePartitionConfig sharePartitionConfig(Map<String, String> overrides) {
        Map<String, String> values = effective(overrides);
        return new SharePartitionConfig(Integer.parseInt(values.get(SHARE_RECORD_LOCK_DURATION_MS)),
                Integer.parseInt(values.get(SHARE_DELIVERY_COUNT_LIMIT)),
                Integer.parseInt(values.get(SHARE_PARTITION_MAX_RECORD_LOCKS)),
                ShareAutoOffsetReset.parse(values.get(SHARE_AUTO_OFFSET_RESET)),
                "read_committed".equals(values.get(SHARE_ISOLATION_LEVEL)));
    }

    /**
     * Checks a group's overrides as Kafka 4.4 does: known names, parseable values, Kafka's lower limits, then the
     * broker's bounds.
     *
     * @throws InvalidRequestException       on a missing value
     * @throws InvalidConfigurationException on an unknown name, a malformed value or one out of bounds
     */
    public void validate(Map<String, String> overrides) {
        overrides.forEach((name, value) -> {
            ConfigDef.ConfigKey key = DEFINITION.configKeys().get(name);
            if (key == null) throw new InvalidConfigurationException("Unknown group config name: " + name);
            if (value == null) throw new InvalidRequestException("Null value not supported for : " + name);
            try {
                Object parsed = ConfigDef.parseType(name, value, key.type);
                if (key.validator != null) key.validator.ensureValid(name, parsed);
                if (name.equals(SHARE_AUTO_OFFSET_RESET)) ShareAutoOffsetReset.parse(value);
                int[] range = bounds.get(name);
                if (range != null && ((Integer) parsed < range[0] || (Integer) parsed > range[1])) {
                    throw new InvalidConfigurationException(name + " must be in the range " + range[0] + " to "
                            + range[1] + " inclusive.");
                }
            } catch (ConfigException e) {
                throw new InvalidConfigurationException(e.getMessage());
            }
        });
    }
}
