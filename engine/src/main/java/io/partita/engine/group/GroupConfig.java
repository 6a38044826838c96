package io.partita.engine.group;

import io.partita.engine.config.NodeConfig;

import java.util.Map;

/**
 * The group coordinator's settings, taken from the node's settings of the same Kafka names.
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
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs, int maxSize,
                          int offsetMetadataMaxBytes, long offsetsRetentionMs) {

    /** The node's group settings (their ranges are checked by {@link NodeConfig}). */
    public static GroupConfig from(NodeConfig node) {
        return new GroupConfig(node.groupMinSessionTimeoutMs(), node.groupMaxSessionTimeoutMs(),
                node.groupInitialRebalanceDelayMs(), node.groupMaxSize(), node.offsetMetadataMaxBytes(),
                node.offsetsRetentionMs());
    }

    /** Kafka's defaults (those of {@link NodeConfig}): 6 s, 30 min, 3 s, unbounded, 4096, 7 days. */
    public static GroupConfig defaults() {
        return from(NodeConfig.fromProperties(Map.of()));
    }

    public GroupConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, delayMs, maxSize, offsetMetadataMaxBytes,
                offsetsRetentionMs);
    }

    public GroupConfig withMaxSize(int size) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, size,
                offsetMetadataMaxBytes, offsetsRetentionMs);
    }

    public GroupConfig withOffsetsRetentionMs(long retentionMs) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxSize,
                offsetMetadataMaxBytes, retentionMs);
    }
}
