package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad node setting is refused when the configuration is read, with a {@link ConfigException} that names it: every
 * defined setting is given each ill-typed or out-of-range value it has.
 */
class SettingValidationTest {

    private static final Set<Type> NUMBERS = Set.of(Type.SHORT, Type.INT, Type.LONG, Type.DOUBLE);
    /** Free-form strings parsed by the node beyond their type (listeners and their names), with a malformed value. */
    private static final Map<String, String> MALFORMED = Map.of(
            NodeConfig.LISTENERS, "no-such-listener",
            NodeConfig.ADVERTISED_LISTENERS, "ELSEWHERE://host:1",
            NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT",
            NodeConfig.INTER_BROKER_LISTENER_NAME, "NO_SUCH_LISTENER",
            NodeConfig.SECURITY_INTER_BROKER_PROTOCOL, "NO_SUCH_PROTOCOL");
    /** What those settings are read with: without {@code listeners} a node has its one PLAINTEXT listener. */
    private static final Map<String, String> WITH_LISTENERS = Map.of(NodeConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");

    @Test
    void everyNumberSettingHasItsRangeInTheDefinition() {
        List<String> unbounded = NodeConfig.DEFINITION.configKeys().values().stream()
                .filter(key -> NUMBERS.contains(key.type) && key.validator == null).map(key -> key.name).toList();

        assertThat(unbounded).isEmpty();
    }

    @Test
    void everyIllTypedOrOutOfRangeValueIsAConfigExceptionNamingItsSetting() {
        int checked = 0;
        for (ConfigKey key : NodeConfig.DEFINITION.configKeys().values()) {
            for (String bad : badValues(key)) {
                Map<String, String> settings = new HashMap<>(MALFORMED.containsKey(key.name) ? WITH_LISTENERS : Map.of());
                settings.put(key.name, bad);
                assertThatThrownBy(() -> NodeConfig.fromProperties(settings))
                        .as(key.name + "=" + bad).isInstanceOf(ConfigException.class).hasMessageContaining(key.name);
                checked++;
            }
        }

        assertThat(checked).as("bad values tried").isGreaterThan(NodeConfig.DEFINITION.names().size());
    }

    @Test
    void aBrokerDefaultOfATopicConfigIsCheckedAsTheTopicConfigAndNamedAsTheBrokerSetting() {
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of("log.retention.ms", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.retention.ms");
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of("log.segment.bytes", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.segment.bytes");
    }

    @Test
    void aSettingBeyondItsBoundOnAnotherIsNamed() {
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.GROUP_MIN_SESSION_TIMEOUT_MS, "10000",
                NodeConfig.GROUP_MAX_SESSION_TIMEOUT_MS, "9000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.GROUP_MAX_SESSION_TIMEOUT_MS);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, "45000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.GROUP_SHARE_SESSION_TIMEOUT_MS, "5000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.GROUP_SHARE_SESSION_TIMEOUT_MS);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.METRICS_HISTORY_RETENTION_MS, "1000",
                NodeConfig.METRICS_HISTORY_INTERVAL_MS, "2000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.METRICS_HISTORY_RETENTION_MS);
    }

    @Test
    void theBoundsBetweenSettingsAdmitTheirEdges() {
        NodeConfig config = NodeConfig.fromProperties(Map.of(NodeConfig.GROUP_MIN_SESSION_TIMEOUT_MS, "9000",
                NodeConfig.GROUP_MAX_SESSION_TIMEOUT_MS, "9000", NodeConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, "44999",
                NodeConfig.METRICS_HISTORY_RETENTION_MS, "5000"));

        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(9000);
        assertThat(config.groupConsumerHeartbeatIntervalMs()).isEqualTo(44_999);
        assertThat(config.metricsHistoryRetentionMs()).isEqualTo(5000L);
    }

    /** The values of {@code key}'s setting that are ill-typed, out of its range, or not among its choices. */
    private static List<String> badValues(ConfigKey key) {
        List<String> bad = new ArrayList<>();
        if (NUMBERS.contains(key.type)) {
            bad.add("not-a-number");
            // Every range of the definition starts at 0 or above.
            bad.add("-1");
        } else if (key.type == Type.BOOLEAN) {
            bad.add("maybe");
        } else if (key.type == Type.CLASS) {
            bad.add("no.such.Class");
        } else if (MALFORMED.containsKey(key.name)) {
            bad.add(MALFORMED.get(key.name));
        } else if (key.validator != null && refuses(key, "no-such-value")) {
            bad.add("no-such-value");
        }
        return bad;
    }

    /** Whether the setting's validator refuses {@code value} (the TLS ones of kafka-clients accept any cipher name). */
    private static boolean refuses(ConfigKey key, String value) {
        try {
            key.validator.ensureValid(key.name, ConfigDef.parseType(key.name, value, key.type));
            return false;
        } catch (ConfigException e) {
            return true;
        }
    }
}
