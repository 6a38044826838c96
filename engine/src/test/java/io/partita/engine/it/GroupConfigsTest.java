package io.partita.engine.it;

import io.partita.engine.cluster.KafkaTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Group configs (ConfigResource.Type.GROUP) through the real Admin client and {@code kafka-configs.sh --entity-type
 * groups}: what Kafka 4.4 describes, accepts and refuses, with its messages (measured on a Kafka 4.4 broker).
 */
@ExtendWith(BrokerExtension.class)
class GroupConfigsTest {

    private final TestClients broker;
    private final Admin admin;

    GroupConfigsTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Test
    void aGroupWithoutOverridesShowsTheBrokerDefaultsUnderTheirBrokerNames() throws Exception {
        Config config = describe("no-overrides");

        assertThat(config.entries()).extracting(ConfigEntry::name).containsExactlyInAnyOrder(
                "consumer.heartbeat.interval.ms", "consumer.session.timeout.ms", "share.auto.offset.reset",
                "share.delivery.count.limit", "share.heartbeat.interval.ms", "share.isolation.level",
                "share.partition.max.record.locks", "share.record.lock.duration.ms", "share.session.timeout.ms");
        assertThat(config.entries()).allSatisfy(e -> assertThat(e.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG));
        assertThat(config.get("share.record.lock.duration.ms").synonyms())
                .extracting(ConfigEntry.ConfigSynonym::name, ConfigEntry.ConfigSynonym::value, ConfigEntry.ConfigSynonym::source)
                .containsExactly(tuple("group.share.record.lock.duration.ms", "30000", ConfigSource.DEFAULT_CONFIG));
        assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("latest");
        assertThat(config.get("share.auto.offset.reset").synonyms()).extracting(ConfigEntry.ConfigSynonym::name)
                .containsExactly("share.auto.offset.reset");
        assertThat(config.get("consumer.session.timeout.ms").type()).isEqualTo(ConfigEntry.ConfigType.INT);
    }

    @Test
    void overridesAreSetShownAsGroupConfigsAndDeleted() throws Exception {
        String group = "overrides";
        alter(group, new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "by_duration:PT1H"), OpType.SET),
                new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "20000"), OpType.SET));

        Config altered = describe(group);
        assertThat(altered.get("share.record.lock.duration.ms").value()).isEqualTo("20000");
        assertThat(altered.get("share.record.lock.duration.ms").source()).isEqualTo(ConfigSource.DYNAMIC_GROUP_CONFIG);
        assertThat(altered.get("share.record.lock.duration.ms").synonyms())
                .extracting(ConfigEntry.ConfigSynonym::name, ConfigEntry.ConfigSynonym::value, ConfigEntry.ConfigSynonym::source)
                .containsExactly(tuple("share.record.lock.duration.ms", "20000", ConfigSource.DYNAMIC_GROUP_CONFIG),
                        tuple("group.share.record.lock.duration.ms", "30000", ConfigSource.DEFAULT_CONFIG));
        assertThat(altered.get("share.auto.offset.reset").value()).isEqualTo("by_duration:PT1H");

        alter(group, new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", null), OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("no.such.config", null), OpType.DELETE));
        Config after = describe(group);
        assertThat(after.get("share.record.lock.duration.ms").value()).isEqualTo("30000");
        assertThat(after.get("share.record.lock.duration.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(after.get("share.auto.offset.reset").value()).isEqualTo("by_duration:PT1H");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "consumer.session.timeout.ms|1000|consumer.session.timeout.ms must be in the range 45000 to 60000 inclusive.",
            "consumer.session.timeout.ms|abc|Invalid value abc for configuration consumer.session.timeout.ms: Not a number of type INT",
            "consumer.session.timeout.ms|0|Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1",
            "consumer.heartbeat.interval.ms|60000|consumer.heartbeat.interval.ms must be in the range 5000 to 15000 inclusive.",
            "share.session.timeout.ms|5000|share.session.timeout.ms must be in the range 45000 to 60000 inclusive.",
            "share.heartbeat.interval.ms|50000|share.heartbeat.interval.ms must be in the range 5000 to 15000 inclusive.",
            "share.record.lock.duration.ms|1|Invalid value 1 for configuration share.record.lock.duration.ms: Value must be at least 1000",
            "share.record.lock.duration.ms|3600001|share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive.",
            "share.delivery.count.limit|1|Invalid value 1 for configuration share.delivery.count.limit: Value must be at least 2",
            "share.delivery.count.limit|11|share.delivery.count.limit must be in the range 2 to 10 inclusive.",
            "share.partition.max.record.locks|100000|share.partition.max.record.locks must be in the range 100 to 4000 inclusive.",
            "share.isolation.level|foo|Invalid value foo for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted",
            "share.auto.offset.reset|by_duration:-PT1H|Invalid value by_duration:-PT1H for configuration share.auto.offset.reset: Invalid value `by_duration:-PT1H` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.",
            "share.auto.offset.reset|EARLIEST|Invalid value EARLIEST for configuration share.auto.offset.reset: Invalid value `EARLIEST` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.",
            "foo.bar|1|Unknown group config name: foo.bar"})
    void badValuesAreRefusedAsKafkaRefusesThemAndChangeNothing(String name, String value, String message) throws Exception {
        String group = "refused";
        alter(group, new AlterConfigOp(new ConfigEntry("share.delivery.count.limit", "3"), OpType.SET));

        assertThatThrownBy(() -> alter(group, new AlterConfigOp(new ConfigEntry("share.delivery.count.limit", "4"), OpType.SET),
                new AlterConfigOp(new ConfigEntry(name, value), OpType.SET)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
        assertThat(describe(group).get("share.delivery.count.limit").value()).isEqualTo("3");
    }

    @Test
    void listOperationsTheDefaultGroupAndMissingValuesAreRefusedAsKafkaDoes() {
        assertThatThrownBy(() -> alter("lists", new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), OpType.APPEND)))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't APPEND to key share.auto.offset.reset because its type is not LIST.");
        assertThatThrownBy(() -> alter("lists", new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), OpType.SUBTRACT)))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't SUBTRACT to key share.isolation.level because its type is not LIST.");
        assertThatThrownBy(() -> alter("", new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), OpType.SET)))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessage("Default group resources are not allowed.");
        assertThatThrownBy(() -> describe(""))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessage("Group name must not be empty");
        assertThatThrownBy(() -> alter("lists", new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", null), OpType.SET)))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessage("Null value not supported for : share.auto.offset.reset");
    }

    @Test
    void kafkaConfigsToolAltersAndDescribesAGroup() {
        String group = "tool-group";
        KafkaTool.Result altered = configs("--alter", "--entity-type", "groups", "--entity-name", group,
                "--add-config", "share.auto.offset.reset=earliest,share.isolation.level=read_committed");
        assertThat(altered.output()).contains("Completed updating config for group " + group + ".");

        assertThat(configs("--describe", "--entity-type", "groups", "--entity-name", group).output())
                .contains("Dynamic configs for group " + group + " are:")
                .contains("share.auto.offset.reset=earliest sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:share.auto.offset.reset=earliest, DEFAULT_CONFIG:share.auto.offset.reset=latest}")
                .contains("share.isolation.level=read_committed");
        assertThat(configs("--describe", "--all", "--entity-type", "groups", "--entity-name", group).output())
                .contains("share.record.lock.duration.ms=30000 sensitive=false synonyms={DEFAULT_CONFIG:group.share.record.lock.duration.ms=30000}");

        KafkaTool.Result refused = configs("--alter", "--entity-type", "groups", "--entity-name", group,
                "--add-config", "share.delivery.count.limit=11");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("share.delivery.count.limit must be in the range 2 to 10 inclusive.");
    }

    private KafkaTool.Result configs(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return KafkaTool.run(ConfigCommand::main, all);
    }

    private Config describe(String group) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                .all().get().get(resource);
    }

    private void alter(String group, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(ops))).all().get();
    }
}
