package io.partita.web.configs;

/**
 * One config of a topic or a broker, as DescribeConfigs reports it. Immutable.
 *
 * @param name       Kafka's name of the config
 * @param value      its value, null when sensitive
 * @param source     where the value comes from, by Kafka's names: DYNAMIC_TOPIC_CONFIG (set on the topic),
 *                   DYNAMIC_BROKER_CONFIG (set on the broker), DYNAMIC_DEFAULT_BROKER_CONFIG (the cluster-wide
 *                   default), STATIC_BROKER_CONFIG (the node's settings), DEFAULT_CONFIG (Kafka's default) ...
 * @param isDefault  whether the value is a default rather than set on the topic or broker
 * @param readOnly   whether it cannot be changed while the node runs
 * @param sensitive  whether the value is hidden
 */
public record ConfigView(String name, String value, String source, boolean isDefault, boolean readOnly,
                         boolean sensitive) {
}
