package io.partita.engine.group;

import io.partita.engine.config.NodeConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of consumer-protocol groups (KIP-848), named and defaulted as Kafka's broker configs.
 *
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms}: how often members heartbeat
 * @param sessionTimeoutMs    {@code group.consumer.session.timeout.ms}: a member not heard from for this long is removed
 * @param maxSize             {@code group.consumer.max.size}: most members a consumer group admits
 * @param assignors           {@code group.consumer.assignors}: the server-side assignors members may name; the first is
 *                            used when no member names one
 */
public record ConsumerGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize, List<ServerAssignor> assignors) {

    /** Kafka's class names of its assignors, accepted in {@code group.consumer.assignors} besides the short names. */
    private static final String KAFKA_ASSIGNOR_PACKAGE = "org.apache.kafka.coordinator.group.assignor.";

    public ConsumerGroupConfig {
        assignors = List.copyOf(assignors);
    }

    /** The node's consumer group settings (their ranges are checked by {@link NodeConfig}). */
    public static ConsumerGroupConfig from(NodeConfig node) {
        return of(node.groupConsumerHeartbeatIntervalMs(), node.groupConsumerSessionTimeoutMs(), node.groupConsumerMaxSize(),
                node.groupConsumerAssignors());
    }

    /** Kafka's defaults (those of {@link NodeConfig}): 5 s heartbeats, 45 s sessions, unbounded, uniform then range. */
    public static ConsumerGroupConfig defaults() {
        return from(NodeConfig.fromProperties(Map.of()));
    }

    /**
     * @param assignorNames {@code uniform}, {@code range}, or Kafka's class names of them
     * @throws IllegalArgumentException for an assignor this broker does not have
     */
    public static ConsumerGroupConfig of(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize, List<String> assignorNames) {
        return new ConsumerGroupConfig(heartbeatIntervalMs, sessionTimeoutMs, maxSize,
                assignorNames.stream().map(ConsumerGroupConfig::parseAssignor).toList());
    }

    private static ServerAssignor parseAssignor(String name) {
        String shortName = name.trim();
        if (shortName.startsWith(KAFKA_ASSIGNOR_PACKAGE)) {
            shortName = shortName.substring(KAFKA_ASSIGNOR_PACKAGE.length()).replace("Assignor", "").toLowerCase(Locale.ROOT);
        }
        return switch (shortName) {
            case UniformAssignor.NAME -> new UniformAssignor();
            case RangeAssignor.NAME -> new RangeAssignor();
            default -> throw new IllegalArgumentException("Unknown server-side assignor " + name);
        };
    }

    /** The configured assignor of this name. */
    Optional<ServerAssignor> assignor(String name) {
        return assignors.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
