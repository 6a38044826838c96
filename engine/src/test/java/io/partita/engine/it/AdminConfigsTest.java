package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Topic configs and dynamic broker configs through the real Admin client: DescribeConfigs, IncrementalAlterConfigs and
 * (raw) AlterConfigs.
 */
@ExtendWith(BrokerExtension.class)
class AdminConfigsTest {

    private static final String WEEK_MS = "604800000";

    private final TestClients broker;
    private final Admin admin;

    AdminConfigsTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Test
    void describeConfigsShowsOverridesAsDynamicTopicConfigAndTheRestAsDefaults() throws Exception {
        String topic = Topics.create(admin, "describe-configs", 1, Map.of("retention.ms", "3600000"));

        Config config = describe(topic);

        assertThat(config.get("retention.ms")).satisfies(e -> {
            assertThat(e.value()).isEqualTo("3600000");
            assertThat(e.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(e.isDefault()).isFalse();
            assertThat(e.isReadOnly()).isFalse();
            assertThat(e.isSensitive()).isFalse();
        });
        assertDefault(config, "cleanup.policy", "delete");
        assertDefault(config, "max.message.bytes", "1048588");
        assertDefault(config, "message.timestamp.type", "CreateTime");
        assertDefault(config, "segment.ms", WEEK_MS);
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesOverrides() throws Exception {
        String topic = Topics.create(admin, "incremental", 1);

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", "1000000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET));

        Config altered = describe(topic);
        assertThat(altered.get("retention.ms").value()).isEqualTo("1000000");
        assertThat(altered.get("retention.ms").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(altered.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(altered.get("cleanup.policy").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE));

        Config reverted = describe(topic);
        assertDefault(reverted, "retention.ms", WEEK_MS);
        assertThat(reverted.get("cleanup.policy").value()).as("untouched by the DELETE").isEqualTo("compact");
    }

    /** The Admin client of Kafka 4 no longer offers AlterConfigs, but older clients and tools still send it. */
    @Test
    void legacyAlterConfigsReplacesTheWholeSetOfOverrides() throws Exception {
        String topic = Topics.create(admin, "legacy-alter", 1, Map.of("retention.ms", "3600000"));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);

        AlterConfigsResponse response;
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            response = connection.send(new AlterConfigsRequest.Builder(Map.of(resource, new AlterConfigsRequest.Config(
                    List.of(new AlterConfigsRequest.ConfigEntry("cleanup.policy", "compact")))), false));
        }

        assertThat(response.errors()).containsOnlyKeys(resource);
        assertThat(response.errors().get(resource)).extracting(ApiError::error).isEqualTo(Errors.NONE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Config config = describe(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("retention.ms").value()).as("override not named in the request is removed").isEqualTo(WEEK_MS);
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "no.such.config, 1",
            "retention.ms, not-a-number",
            "cleanup.policy, bogus",
            "min.insync.replicas, 0"})
    void createTopicsRejectsInvalidConfigs(String name, String value) {
        String topic = Topics.uniqueName("bad-config");

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(name, value)))).all().get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "no.such.config, 1",
            "retention.ms, not-a-number",
            "cleanup.policy, bogus"})
    void incrementalAlterConfigsRejectsInvalidConfigs(String name, String value) throws Exception {
        String topic = Topics.create(admin, "bad-alter", 1);

        assertThatThrownBy(() -> alter(topic, new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name);
        assertThat(describe(topic).get("retention.ms").value()).isEqualTo(WEEK_MS);
    }

    @Test
    void throttleRatesAreDynamicSettingsOfABrokerOrOfTheClusterDefaultAndDescribedWithTheirSource() throws Exception {
        String leaderRate = "leader.replication.throttled.rate";
        String followerRate = "follower.replication.throttled.rate";
        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId()));
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        admin.incrementalAlterConfigs(Map.of(
                self, List.of(set(leaderRate, "1000")),
                defaults, List.of(set(leaderRate, "3000"), set(followerRate, "2000")))).all().get();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<ConfigResource, Config> described = admin.describeConfigs(List.of(self, defaults),
                        new DescribeConfigsOptions().includeSynonyms(true)).all().get();
                assertThat(described.get(self).get(leaderRate)).satisfies(e -> {
                    assertThat(e.value()).isEqualTo("1000");
                    assertThat(e.source()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
                    assertThat(e.isReadOnly()).isFalse();
                    assertThat(e.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
                    assertThat(e.synonyms()).extracting(ConfigEntry.ConfigSynonym::value, ConfigEntry.ConfigSynonym::source)
                            .containsExactly(tuple("1000", ConfigSource.DYNAMIC_BROKER_CONFIG), tuple("3000", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
                });
                assertThat(described.get(self).get(followerRate).source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                assertThat(described.get(defaults).get(leaderRate).value()).isEqualTo("3000");
                assertThat(described.get(defaults).get(followerRate).value()).isEqualTo("2000");
                assertThat(described.get(defaults).entries()).extracting(ConfigEntry::source)
                        .containsOnly(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            });
        } finally {
            admin.incrementalAlterConfigs(Map.of(
                    self, List.of(delete(leaderRate)),
                    defaults, List.of(delete(leaderRate), delete(followerRate)))).all().get();
        }
        // Kafka lists a dynamic setting only while it is set.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<ConfigResource, Config> described = admin.describeConfigs(List.of(self, defaults)).all().get();
            assertThat(described.get(self).get(leaderRate)).isNull();
            assertThat(described.get(self).get(followerRate)).isNull();
            assertThat(described.get(defaults).get(leaderRate)).isNull();
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leader.replication.throttled.rate | -5  | Invalid value -5 for configuration leader.replication.throttled.rate: Value must be at least 0",
            "follower.replication.throttled.rate | fast | Invalid value fast for configuration follower.replication.throttled.rate",
            "broker.id | 7 | Broker setting broker.id is static"})
    void aBrokerRefusesAMalformedOrStaticSettingWithInvalidRequestAsKafkaDoes(String name, String value, String message) {
        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId()));

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(self, List.of(set(name, value)))).all().get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static AlterConfigOp delete(String name) {
        return new AlterConfigOp(new ConfigEntry(name, ""), AlterConfigOp.OpType.DELETE);
    }

    private Config describe(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private void alter(String topic, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(ops))).all().get();
    }

    private static void assertDefault(Config config, String name, String value) {
        assertThat(config.get(name)).as(name).satisfies(e -> {
            assertThat(e.value()).isEqualTo(value);
            assertThat(e.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThat(e.isDefault()).isTrue();
        });
    }
}
