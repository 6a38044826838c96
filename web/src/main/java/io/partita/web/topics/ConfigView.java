package io.partita.web.topics;

/**
 * One topic config in {@code GET /api/topics/{name}/configs}. Immutable.
 *
 * @param name       Kafka's name of the config
 * @param value      its value, null when sensitive
 * @param source     where the value comes from, by Kafka's names: DYNAMIC_TOPIC_CONFIG (set on the topic),
 *                   STATIC_BROKER_CONFIG / DEFAULT_CONFIG (the node's or Kafka's default) ...
 * @param isDefault  whether the value is a default rather than set on the topic
 * @param readOnly   whether it cannot be changed
 * @param sensitive  whether the value is hidden
 */
public record ConfigView(String name, String value, String source, boolean isDefault, boolean readOnly,
                         boolean sensitive) {
}
