package io.partita.engine.config;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

import java.util.List;
import java.util.Map;

/**
 * The effective settings of one partition log, parsed once from the string form of {@link TopicConfigs}.
 *
 * <p>Immutable and thread-safe. {@link #from} checks types but not Kafka's ranges: ranges are a client-facing rule
 * enforced by {@link TopicConfigs#validate}, while brokers and tests may deliberately use, say, tiny segments.
 *
 * @param segmentBytes                {@code segment.bytes}: a segment is rolled before it would grow past this
 * @param segmentMs                   {@code segment.ms}: a segment is rolled once its first batch is this old
 * @param retentionMs                 {@code retention.ms}: negative means keep forever
 * @param retentionBytes              {@code retention.bytes}: negative means no size limit
 * @param maxMessageBytes             {@code max.message.bytes}: the largest record batch accepted, in bytes
 * @param timestampType               {@code message.timestamp.type}
 * @param indexIntervalBytes          {@code index.interval.bytes}: bytes appended between two offset-index entries
 * @param segmentIndexBytes           {@code segment.index.bytes}: the size an index is preallocated to
 * @param flushMessages               {@code flush.messages}: fsync once this many messages are unflushed
 * @param flushMs                     {@code flush.ms}: fsync once the oldest unflushed message is this old
 * @param compact                     {@code cleanup.policy} contains {@code compact}
 * @param delete                      {@code cleanup.policy} contains {@code delete}
 * @param deleteRetentionMs           {@code delete.retention.ms}
 * @param minInsyncReplicas           {@code min.insync.replicas}
 * @param segmentJitterMs             {@code segment.jitter.ms}
 * @param fileDeleteDelayMs           {@code file.delete.delay.ms}: how long files of deleted segments stay readable
 * @param messageTimestampBeforeMaxMs {@code message.timestamp.before.max.ms}
 * @param messageTimestampAfterMaxMs  {@code message.timestamp.after.max.ms}
 * @param compressionType             {@code compression.type}
 * @param uncleanLeaderElectionEnable {@code unclean.leader.election.enable}
 * @param preallocate                 {@code preallocate}
 * @param minCompactionLagMs          {@code min.compaction.lag.ms}
 * @param maxCompactionLagMs          {@code max.compaction.lag.ms}
 * @param minCleanableDirtyRatio      {@code min.cleanable.dirty.ratio}
 */
public record LogConfig(
        long segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        TimestampType timestampType,
        int indexIntervalBytes,
        int segmentIndexBytes,
        long flushMessages,
        long flushMs,
        boolean compact,
        boolean delete,
        long deleteRetentionMs,
        int minInsyncReplicas,
        long segmentJitterMs,
        long fileDeleteDelayMs,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        String compressionType,
        boolean uncleanLeaderElectionEnable,
        boolean preallocate,
        long minCompactionLagMs,
        long maxCompactionLagMs,
        double minCleanableDirtyRatio) {

    /** Kafka's defaults throughout. */
    public static LogConfig defaults() {
        return from(Map.of(), Map.of());
    }

    /**
     * Effective = Kafka's defaults overridden by {@code brokerDefaults} (topic config names) overridden by
     * {@code topicOverrides}.
     *
     * @throws InvalidConfigurationException on an unknown name or a value of the wrong type
     */
    public static LogConfig from(Map<String, String> topicOverrides, Map<String, String> brokerDefaults) {
        Map<String, String> v = TopicConfigs.effective(topicOverrides, brokerDefaults);
        List<?> policy = (List<?>) TopicConfigs.parse(TopicConfig.CLEANUP_POLICY_CONFIG, v.get(TopicConfig.CLEANUP_POLICY_CONFIG));
        String timestampType = v.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        return new LogConfig(
                asLong(v, TopicConfig.SEGMENT_BYTES_CONFIG),
                asLong(v, TopicConfig.SEGMENT_MS_CONFIG),
                asLong(v, TopicConfig.RETENTION_MS_CONFIG),
                asLong(v, TopicConfig.RETENTION_BYTES_CONFIG),
                asInt(v, TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                timestampType(timestampType),
                asInt(v, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG),
                asInt(v, TopicConfig.SEGMENT_INDEX_BYTES_CONFIG),
                asLong(v, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG),
                asLong(v, TopicConfig.FLUSH_MS_CONFIG),
                policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT),
                policy.contains(TopicConfig.CLEANUP_POLICY_DELETE),
                asLong(v, TopicConfig.DELETE_RETENTION_MS_CONFIG),
                asInt(v, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                asLong(v, TopicConfig.SEGMENT_JITTER_MS_CONFIG),
                asLong(v, TopicConfig.FILE_DELETE_DELAY_MS_CONFIG),
                asLong(v, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG),
                asLong(v, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                (String) TopicConfigs.parse(TopicConfig.COMPRESSION_TYPE_CONFIG, v.get(TopicConfig.COMPRESSION_TYPE_CONFIG)),
                (Boolean) TopicConfigs.parse(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
                        v.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG)),
                (Boolean) TopicConfigs.parse(TopicConfig.PREALLOCATE_CONFIG, v.get(TopicConfig.PREALLOCATE_CONFIG)),
                asLong(v, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG),
                asLong(v, TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG),
                (Double) TopicConfigs.parse(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                        v.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG)));
    }

    private static TimestampType timestampType(String name) {
        for (TimestampType t : List.of(TimestampType.CREATE_TIME, TimestampType.LOG_APPEND_TIME)) {
            if (t.name.equals(name)) return t;
        }
        throw new InvalidConfigurationException("Invalid value " + name + " for configuration "
                + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + ": String must be one of: CreateTime, LogAppendTime");
    }

    private static long asLong(Map<String, String> values, String name) {
        return ((Number) TopicConfigs.parse(name, values.get(name))).longValue();
    }

    private static int asInt(Map<String, String> values, String name) {
        return ((Number) TopicConfigs.parse(name, values.get(name))).intValue();
    }
}
