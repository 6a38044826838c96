package io.partita.engine.group;

import io.partita.engine.config.NodeConfig;

import java.util.Map;

/**
 * The settings of share groups (KIP-932), named and defaulted as Kafka's broker configs.
 *
 * @param heartbeatIntervalMs {@code group.share.heartbeat.interval.ms}: how often members heartbeat
 * @param sessionTimeoutMs    {@code group.share.session.timeout.ms}: a member not heard from for this long is removed
 * @param maxSize             {@code group.share.max.size}: most members a share group admits
 */
public record ShareGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize) {

    /** The node's share group settings (their ranges are checked by {@link NodeConfig}). */
    public static ShareGroupConfig from(NodeConfig node) {
        return new ShareGroupConfig(node.groupShareHeartbeatIntervalMs(), node.groupShareSessionTimeoutMs(),
                node.groupShareMaxSize());
    }

    /** Kafka's defaults (those of {@link NodeConfig}): 5 s heartbeats, 45 s sessions, 200 members. */
    public static ShareGroupConfig defaults() {
        return from(NodeConfig.fromProperties(Map.of()));
    }
}
