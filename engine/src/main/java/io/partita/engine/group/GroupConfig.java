package io.partita.engine.group;

/**
 * The group coordinator's settings, named and defaulted as Kafka's broker configs.
 *
 * @param minSessionTimeoutMs     {@code group.min.session.timeout.ms}: shortest session a member may ask for
 * @param maxSessionTimeoutMs     {@code group.max.session.timeout.ms}: longest session a member may ask for
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an empty
 *                                group waits for more members (extended by as much again while members keep
 *                                joining, up to the rebalance timeout)
 * @param maxSize                 {@code group.max.size}: most members a classic group admits
 * @param offsetMetadataMaxBytes  {@code offset.metadata.max.bytes}: longest metadata string of a committed offset
 * @param offsetsRetentionMs      {@code offsets.retention.minutes} in ms: how long the offsets of a group without
 *                                members are kept (counted from when it became empty, or for a group that never
 *                                had members from each commit)
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}: how often expired offsets, and
 *                                empty groups left without offsets, are removed
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs, int maxSize,
                          int offsetMetadataMaxBytes, long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs) {

    public GroupConfig {
        if (minSessionTimeoutMs < 0 || maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("session timeout bounds " + minSessionTimeoutMs + ".." + maxSessionTimeoutMs);
        }
        if (initialRebalanceDelayMs < 0) {
            throw new IllegalArgumentException("group.initial.rebalance.delay.ms < 0: " + initialRebalanceDelayMs);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.max.size < 1: " + maxSize);
        }
        if (offsetMetadataMaxBytes < 0) {
            throw new IllegalArgumentException("offset.metadata.max.bytes < 0: " + offsetMetadataMaxBytes);
        }
        if (offsetsRetentionMs < 1 || offsetsRetentionCheckIntervalMs < 1) {
            throw new IllegalArgumentException("offsets retention " + offsetsRetentionMs + " ms checked every "
                    + offsetsRetentionCheckIntervalMs + " ms");
        }
    }

    /** Kafka's defaults: 6 s, 30 min, 3 s, unbounded, 4096, 7 days, 10 min. */
    public static GroupConfig defaults() {
        return new GroupConfig(6_000, 1_800_000, 3_000, Integer.MAX_VALUE, 4096, 7 * 24 * 3_600_000L, 600_000L);
    }

    public GroupConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, delayMs, maxSize, offsetMetadataMaxBytes,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs);
    }

    public GroupConfig withMaxSize(int size) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, size,
                offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs);
    }

    public GroupConfig withOffsetsRetention(long retentionMs, long checkIntervalMs) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxSize,
                offsetMetadataMaxBytes, retentionMs, checkIntervalMs);
    }
}
