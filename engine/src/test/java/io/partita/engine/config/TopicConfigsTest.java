package io.partita.engine.config;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicConfigsTest {

    @Test
    void defaultsAreKafkas() {
        assertThat(TopicConfigs.defaults()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("cleanup.policy", "delete"),
                Map.entry("retention.ms", "604800000"),
                Map.entry("retention.bytes", "-1"),
                Map.entry("segment.bytes", "1073741824"),
                Map.entry("segment.ms", "604800000"),
                Map.entry("segment.index.bytes", "10485760"),
                Map.entry("segment.jitter.ms", "0"),
                Map.entry("index.interval.bytes", "4096"),
                Map.entry("max.message.bytes", "1048588"),
                Map.entry("message.timestamp.type", "CreateTime"),
                Map.entry("message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE)),
                Map.entry("message.timestamp.after.max.ms", "3600000"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("flush.messages", String.valueOf(Long.MAX_VALUE)),
                Map.entry("flush.ms", String.valueOf(Long.MAX_VALUE)),
                Map.entry("delete.retention.ms", "86400000"),
                Map.entry("min.compaction.lag.ms", "0"),
                Map.entry("max.compaction.lag.ms", String.valueOf(Long.MAX_VALUE)),
                Map.entry("min.cleanable.dirty.ratio", "0.5"),
                Map.entry("compression.type", "producer"),
                Map.entry("file.delete.delay.ms", "60000"),
                Map.entry("unclean.leader.election.enable", "false"),
                Map.entry("preallocate", "false")));
        assertThat(TopicConfigs.defaults().keySet()).first().isEqualTo("cleanup.policy");
    }

    @Test
    void knowsItsNamesAndTypes() {
        assertThat(TopicConfigs.isKnown("retention.ms")).isTrue();
        assertThat(TopicConfigs.isKnown("remote.storage.enable")).isFalse();
        assertThat(TopicConfigs.typeOf("retention.ms")).isEqualTo("LONG");
        assertThat(TopicConfigs.typeOf("segment.bytes")).isEqualTo("INT");
        assertThat(TopicConfigs.typeOf("cleanup.policy")).isEqualTo("LIST");
        assertThat(TopicConfigs.typeOf("preallocate")).isEqualTo("BOOLEAN");
        assertThat(TopicConfigs.typeOf("min.cleanable.dirty.ratio")).isEqualTo("DOUBLE");
        assertThat(TopicConfigs.typeOf("compression.type")).isEqualTo("STRING");
        assertThat(TopicConfigs.documentation("retention.ms")).contains("retain");
    }

    @Test
    void validationMessagesAreKafkas() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "abc")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid value abc for configuration retention.ms: Not a number of type LONG");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("no.such.config", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: no.such.config");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("segment.bytes", "1000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid value 1000 for configuration segment.bytes");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.insync.replicas", "0")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "-2")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("message.timestamp.type", "Whenever")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("preallocate", "yes")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("preallocate");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("compression.gzip.level", "0")))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void cleanupPolicyIsDeleteCompactOrBoth() {
        for (String ok : new String[]{"delete", "compact", "compact,delete", "delete,compact", "compact, delete"}) {
            assertThatCode(() -> TopicConfigs.validate(Map.of("cleanup.policy", ok))).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[]{"", "remove", "compact,compact", "delete,remove"}) {
            assertThatThrownBy(() -> TopicConfigs.validate(Map.of("cleanup.policy", bad)))
                    .as("'%s'", bad).isInstanceOf(InvalidConfigurationException.class);
        }
    }

    @Test
    void validValuesAndNullsPass() {
        Map<String, String> overrides = new HashMap<>(Map.of("retention.ms", "-1", "segment.bytes", "1048576",
                "min.cleanable.dirty.ratio", "0.9", "compression.type", "zstd", "message.timestamp.type", "LogAppendTime",
                "compression.gzip.level", "-1"));
        overrides.put("flush.ms", null);
        assertThatCode(() -> TopicConfigs.validate(overrides)).doesNotThrowAnyException();
    }

    @Test
    void logConfigLayersDefaultsBrokerAndTopic() {
        LogConfig c = LogConfig.from(
                Map.of("retention.ms", "100", "cleanup.policy", "compact,delete"),
                Map.of("retention.ms", "200", "segment.bytes", "5000", "message.timestamp.type", "LogAppendTime"));

        assertThat(c.retentionMs()).isEqualTo(100);
        assertThat(c.segmentBytes()).isEqualTo(5000);
        assertThat(c.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(c.compact()).isTrue();
        assertThat(c.delete()).isTrue();
        assertThat(c.maxMessageBytes()).isEqualTo(1_048_588);
        assertThat(c.segmentIndexBytes()).isEqualTo(10_485_760);
        assertThat(c.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.minInsyncReplicas()).isEqualTo(1);
        assertThat(c.deleteRetentionMs()).isEqualTo(86_400_000L);
    }

    @Test
    void logConfigDefaultsAreKafkas() {
        LogConfig c = LogConfig.defaults();
        assertThat(c.delete()).isTrue();
        assertThat(c.compact()).isFalse();
        assertThat(c.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(c.retentionBytes()).isEqualTo(-1);
        assertThat(c.messageTimestampAfterMaxMs()).isEqualTo(3_600_000L);
        assertThat(c.fileDeleteDelayMs()).isEqualTo(60_000L);
        assertThat(c.compressionType()).isEqualTo("producer");
    }

    @Test
    void logConfigRejectsWrongTypesAndUnknownNames() {
        assertThatThrownBy(() -> LogConfig.from(Map.of("segment.bytes", "big"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("log.retention.ms", "5")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("log.retention.ms");
    }
}
