package io.partita.engine.group;

/**
 * The settings of share groups (KIP-932), named and defaulted as Kafka's broker configs.
 *
 * @param heartbeatIntervalMs {@code group.share.heartbeat.interval.ms}: how often members heartbeat
 * @param sessionTimeoutMs    {@code group.share.session.timeout.ms}: a member not heard from for this long is removed
 * @param maxSize             {@code group.share.max.size}: most members a share group admits
 */
public record ShareGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize) {

    public ShareGroupConfig {
        if (heartbeatIntervalMs < 1 || sessionTimeoutMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("group.share.heartbeat.interval.ms " + heartbeatIntervalMs
                    + " must be positive and below group.share.session.timeout.ms " + sessionTimeoutMs);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.share.max.size < 1: " + maxSize);
        }
    }

    /** Kafka's defaults: 5 s heartbeats, 45 s sessions, 200 members. */
    public static ShareGroupConfig defaults() {
        return new ShareGroupConfig(5_000, 45_000, 200);
    }
}
