package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The broker settings that set a topic config's default, by Kafka's names ({@code log.retention.ms} sets the
 * default of {@code retention.ms}). Kafka's broker knows several names for some topic configs (hours, minutes);
 * Partita takes the one of the finest unit. Immutable.
 */
public final class BrokerTopicDefaults {

    private static final Map<String, String> BROKER_NAME_BY_TOPIC_CONFIG = brokerNames();

    private BrokerTopicDefaults() {
    }

    private static Map<String, String> brokerNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cleanup.policy", "log.cleanup.policy");
        m.put("compression.type", "compression.type");
        m.put("delete.retention.ms", "log.cleaner.delete.retention.ms");
        m.put("file.delete.delay.ms", "log.segment.delete.delay.ms");
        m.put("flush.messages", "log.flush.interval.messages");
        m.put("flush.ms", "log.flush.interval.ms");
        m.put("index.interval.bytes", "log.index.interval.bytes");
        m.put("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms");
        m.put("max.message.bytes", "message.max.bytes");
        m.put("message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms");
        m.put("message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms");
        m.put("message.timestamp.type", "log.message.timestamp.type");
        m.put("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio");
        m.put("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms");
        m.put("min.insync.replicas", "min.insync.replicas");
        m.put("preallocate", "log.preallocate");
        m.put("retention.bytes", "log.retention.bytes");
        m.put("retention.ms", "log.retention.ms");
        m.put("segment.bytes", "log.segment.bytes");
        m.put("segment.index.bytes", "log.index.size.max.bytes");
        m.put("segment.jitter.ms", "log.roll.jitter.ms");
        m.put("segment.ms", "log.roll.ms");
        m.put("unclean.leader.election.enable", "unclean.leader.election.enable");
        return Map.copyOf(m);
    }

    /** The broker setting that sets the default of {@code topicConfig}, if there is one. */
    public static Optional<String> brokerName(String topicConfig) {
        return Optional.ofNullable(BROKER_NAME_BY_TOPIC_CONFIG.get(topicConfig));
    }

    /** The broker settings that set a topic config's default. */
    static Collection<String> brokerSettingNames() {
        return BROKER_NAME_BY_TOPIC_CONFIG.values();
    }

    /**
     * Picks the topic defaults out of broker settings, keyed by topic config name, each checked as the topic config.
     *
     * @throws ConfigException naming the broker setting when its value is malformed or out of the topic config's range
     */
    public static Map<String, String> fromBrokerSettings(Map<String, String> brokerSettings) {
        Map<String, String> defaults = new LinkedHashMap<>();
        BROKER_NAME_BY_TOPIC_CONFIG.forEach((topicName, brokerName) -> {
            String value = brokerSettings.get(brokerName);
            if (value == null) return;
            try {
                TopicConfigs.validate(Map.of(topicName, value));
            } catch (InvalidConfigurationException e) {
                throw new ConfigException(brokerName, value, e.getMessage());
            }
            defaults.put(topicName, value);
        });
        return defaults;
    }
}
