package io.partita.engine.group;

import java.util.List;
import java.util.Locale;
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
        if (heartbeatIntervalMs < 1 || sessionTimeoutMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("group.consumer.heartbeat.interval.ms " + heartbeatIntervalMs
                    + " must be positive and below group.consumer.session.timeout.ms " + sessionTimeoutMs);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.consumer.max.size < 1: " + maxSize);
        }
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors is empty");
        }
    }

    /** Kafka's defaults: 5 s heartbeats, 45 s sessions, unbounded, uniform then range. */
    public static ConsumerGroupConfig defaults() {
        return of(5_000, 45_000, Integer.MAX_VALUE, List.of(UniformAssignor.NAME, RangeAssignor.NAME));
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
