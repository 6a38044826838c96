package io.partita.engine.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

import static io.partita.engine.config.NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS;
import static io.partita.engine.config.NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS;
import static io.partita.engine.config.NodeConfig.GROUP_MAX_SESSION_TIMEOUT_MS;
import static io.partita.engine.config.NodeConfig.GROUP_MIN_SESSION_TIMEOUT_MS;
import static io.partita.engine.config.NodeConfig.GROUP_SHARE_HEARTBEAT_INTERVAL_MS;
import static io.partita.engine.config.NodeConfig.GROUP_SHARE_SESSION_TIMEOUT_MS;
import static io.partita.engine.config.NodeConfig.METRICS_HISTORY_INTERVAL_MS;
import static io.partita.engine.config.NodeConfig.METRICS_HISTORY_RETENTION_MS;

/**
 * The bounds between node settings, which a setting's own validator in {@link NodeConfig#DEFINITION} cannot check
 * (it sees one value): each is checked once, when a configuration is read, and a breach is a {@link ConfigException}
 * naming the setting that must give way. Stateless.
 */
final class SettingRelations {

    private SettingRelations() {
    }

    /** @throws ConfigException naming a setting that breaks its bound on another one */
    static void check(AbstractConfig values) {
        atLeast(values, GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_MIN_SESSION_TIMEOUT_MS);
        above(values, GROUP_CONSUMER_SESSION_TIMEOUT_MS, GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS);
        above(values, GROUP_SHARE_SESSION_TIMEOUT_MS, GROUP_SHARE_HEARTBEAT_INTERVAL_MS);
        atLeast(values, METRICS_HISTORY_RETENTION_MS, METRICS_HISTORY_INTERVAL_MS);
    }

    private static void atLeast(AbstractConfig values, String name, String lowerBound) {
        if (value(values, name) < value(values, lowerBound)) {
            throw new ConfigException(name, values.values().get(name), "must be at least " + lowerBound + " ("
                    + values.values().get(lowerBound) + ")");
        }
    }

    private static void above(AbstractConfig values, String name, String lowerBound) {
        if (value(values, name) <= value(values, lowerBound)) {
            throw new ConfigException(name, values.values().get(name), "must be more than " + lowerBound + " ("
                    + values.values().get(lowerBound) + ")");
        }
    }

    private static long value(AbstractConfig values, String name) {
        return ((Number) values.values().get(name)).longValue();
    }
}
