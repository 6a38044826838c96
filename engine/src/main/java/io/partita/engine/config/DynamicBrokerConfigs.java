package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidRequestException;

import java.util.Map;
import java.util.Set;

/**
 * The broker settings that can change while the cluster runs (IncrementalAlterConfigs on a broker, as {@code
 * kafka-reassign-partitions.sh --throttle} and {@code --verify} do): Kafka's replication throttle rates, in bytes per
 * second (enforced by the replication package's throttles). Every other broker setting is static (see {@link
 * NodeConfig}). Stateless and thread-safe.
 */
public final class DynamicBrokerConfigs {

    public static final String LEADER_REPLICATION_THROTTLED_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_REPLICATION_THROTTLED_RATE = "follower.replication.throttled.rate";
    public static final String REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND = "replica.alter.log.dirs.io.max.bytes.per.second";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(LEADER_REPLICATION_THROTTLED_RATE, Type.LONG, Long.MAX_VALUE, Range.atLeast(0), Importance.MEDIUM,
                    "The most bytes per second leaders send to throttled replicas (leader.replication.throttled.replicas).")
            .define(FOLLOWER_REPLICATION_THROTTLED_RATE, Type.LONG, Long.MAX_VALUE, Range.atLeast(0), Importance.MEDIUM,
                    "The most bytes per second followers fetch for throttled replicas (follower.replication.throttled.replicas).")
            .define(REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND, Type.LONG, Long.MAX_VALUE, Range.atLeast(0), Importance.MEDIUM,
                    "The most bytes per second moved between log directories of one broker.");

    private DynamicBrokerConfigs() {
    }

    /** The names of the dynamic settings. */
    public static Set<String> names() {
        return DEFINITION.names();
    }

    /** The type of a dynamic setting ({@code ConfigDef.Type} name), as DescribeConfigs reports it. */
    public static String typeOf(String name) {
        return DEFINITION.configKeys().get(name).type.name();
    }

    public static String documentation(String name) {
        return DEFINITION.configKeys().get(name).documentation;
    }

    /**
     * @throws InvalidRequestException on a static broker setting, or on a malformed or out-of-range value (Kafka
     *                                 answers INVALID_REQUEST for both on a broker, unlike INVALID_CONFIG on a topic)
     */
    public static void validate(Map<String, String> settings) {
        settings.forEach((name, value) -> {
            ConfigDef.ConfigKey key = DEFINITION.configKeys().get(name);
            if (key == null) {
                throw new InvalidRequestException("Broker setting " + name + " is static in Partita: change it in the node's "
                        + "settings and restart the node. Only " + DEFINITION.names() + " can be altered.");
            }
            try {
                Object parsed = ConfigDef.parseType(name, value, key.type);
                if (key.validator != null) key.validator.ensureValid(name, parsed);
            } catch (ConfigException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        });
    }
}
