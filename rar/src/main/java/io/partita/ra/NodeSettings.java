package io.partita.ra;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Merges a node's settings from the places they may come from, each overriding the one before:
 * the resource adapter's config properties, environment variables {@code PARTITA_<NAME>} and system properties
 * {@code partita.<name>}, where {@code <name>} is the Kafka-style setting name of
 * {@link io.partita.engine.config.NodeConfig} ({@code -Dpartita.listener.port=9093},
 * {@code PARTITA_LISTENER_PORT=9093}; in an environment variable's name dots become underscores, as with Kafka's
 * own container images). The adapter's config properties serve every node of a cluster; the overrides are per node.
 *
 * <p>Stateless.
 */
final class NodeSettings {

    static final String SYSTEM_PROPERTY_PREFIX = "partita.";
    static final String ENVIRONMENT_PREFIX = "PARTITA_";

    private NodeSettings() {
    }

    /**
     * @param adapterSettings  Kafka-style names to values from the adapter's config properties (unset ones absent)
     * @param environment      the process environment
     * @param systemProperties the JVM's system properties
     * @return Kafka-style names to values, ready for {@code NodeConfig.fromProperties}
     */
    static Map<String, String> resolve(Map<String, String> adapterSettings, Map<String, String> environment,
                                       Map<String, String> systemProperties) {
        Map<String, String> settings = new HashMap<>(adapterSettings);
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                settings.put(name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        systemProperties.forEach((name, value) -> {
            if (name.startsWith(SYSTEM_PROPERTY_PREFIX) && name.length() > SYSTEM_PROPERTY_PREFIX.length()) {
                settings.put(name.substring(SYSTEM_PROPERTY_PREFIX.length()), value);
            }
        });
        return settings;
    }
}
