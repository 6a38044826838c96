package io.partita.ra;

import io.partita.engine.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeSettingsTest {

    @Test
    void systemPropertiesOverrideEnvironmentWhichOverridesAdapterSettings() {
        Map<String, String> settings = NodeSettings.resolve(
                Map.of("listener.port", "9092", "node.id", "1", "log.dirs", "/adapter"),
                Map.of("PARTITA_LISTENER_PORT", "9093", "PARTITA_LOG_DIRS", "/env", "PATH", "/usr/bin"),
                Map.of("partita.listener.port", "9094", "java.version", "17"));

        NodeConfig config = NodeConfig.fromProperties(settings);

        assertThat(config.kafkaPort()).isEqualTo(9094);
        assertThat(config.dataDir()).isEqualTo(Path.of("/env"));
        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(settings).doesNotContainKeys("path", "java.version");
    }

    @Test
    void environmentNamesMapToKafkaNamesIncludingBrokerLevelTopicDefaults() {
        Map<String, String> settings = NodeSettings.resolve(Map.of(),
                Map.of("PARTITA_LOG_RETENTION_MS", "1000", "PARTITA_AUTO_CREATE_TOPICS_ENABLE", "true"),
                Map.of("partita.log.segment.bytes", "1048576"));

        NodeConfig config = NodeConfig.fromProperties(settings);

        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.logDefaults()).containsEntry("retention.ms", "1000").containsEntry("segment.bytes", "1048576");
    }
}
