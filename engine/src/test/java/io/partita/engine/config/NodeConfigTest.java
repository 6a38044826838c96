package io.partita.engine.config;

import io.partita.engine.security.acl.AclAuthorizer;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigTest {

    @Test
    void missingSettingsTakeKafkasDefaults() {
        NodeConfig config = NodeConfig.fromProperties(Map.of());

        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.replicaLagTimeMaxMs()).isEqualTo(30_000L);
        assertThat(config.groupInitialRebalanceDelayMs()).isEqualTo(3_000);
        assertThat(config.advertisedHost()).isEqualTo(config.listenerHost());
        assertThat(config.rack()).isEmpty();
        assertThat(config.with(NodeConfig.BROKER_RACK, "rack-a").rack()).contains("rack-a");
        assertThat(config.logCleanerEnable()).isTrue();
        assertThat(config.logCleanerBackoffMs()).isEqualTo(15_000L);
        assertThat(config.logCleanerDedupeBufferSize()).isEqualTo(128L * 1024 * 1024);
    }

    @Test
    void theConnectionsEventLoopsAreOnePerCoreAtLeastTwoUnlessSet() {
        assertThat(NodeConfig.fromProperties(Map.of()).numNetworkThreads())
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(NodeConfig.fromProperties(Map.of(NodeConfig.NUM_NETWORK_THREADS, "3")).numNetworkThreads()).isEqualTo(3);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.NUM_NETWORK_THREADS, "0")))
                .hasMessageContaining(NodeConfig.NUM_NETWORK_THREADS);
    }

    @Test
    void groupAndOffsetsTopicSettingsTakeKafkasDefaults() {
        NodeConfig config = NodeConfig.fromProperties(Map.of());

        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 3);
        assertThat(config.offsetsTopicSegmentBytes()).isEqualTo(104_857_600);
        assertThat(config.offsetsRetentionMs()).as("offsets.retention.minutes 10080").isEqualTo(7 * 24 * 3_600_000L);
        assertThat(config.offsetsRetentionCheckIntervalMs()).isEqualTo(600_000L);
        assertThat(config.offsetsCommitTimeoutMs()).isEqualTo(5_000);
        assertThat(config.groupMinSessionTimeoutMs()).isEqualTo(6_000);
        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(1_800_000);
        assertThat(config.groupMaxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.offsetMetadataMaxBytes()).isEqualTo(4096);
    }

    @Test
    void aMalformedOrOutOfRangeValueNamesItsSetting() {
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.NUM_PARTITIONS, "zero")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.NUM_PARTITIONS);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.LISTENER_PORT, "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.LISTENER_PORT);
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of("log.retention.ms", "soon")))
                .hasMessageContaining("retention.ms");
    }

    @Test
    void theAclAuthorizerIsOnByKafkasClassNameOrOursAndNoOther() {
        assertThat(NodeConfig.fromProperties(Map.of()).authorizerEnabled()).isFalse();
        assertThat(NodeConfig.fromProperties(Map.of()).allowEveryoneIfNoAclFound()).isFalse();
        assertThat(NodeConfig.fromProperties(Map.of(NodeConfig.AUTHORIZER_CLASS_NAME,
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer")).authorizerEnabled()).isTrue();
        assertThat(NodeConfig.fromProperties(Map.of(NodeConfig.AUTHORIZER_CLASS_NAME,
                AclAuthorizer.class.getName())).authorizerEnabled()).isTrue();
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.AUTHORIZER_CLASS_NAME, "kafka.security.authorizer.AclAuthorizer")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.AUTHORIZER_CLASS_NAME);
    }

    @Test
    void superUsersAreSemicolonSeparatedPrincipals() {
        assertThat(NodeConfig.fromProperties(Map.of(NodeConfig.SUPER_USERS, "User:admin; User:broker;")).superUsers())
                .containsExactly("User:admin", "User:broker");
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.SUPER_USERS, "admin")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.SUPER_USERS);
    }

    @Test
    void withChangesOneSettingAndKeepsTheRest() {
        NodeConfig base = NodeConfig.defaults(7, "127.0.0.1", 0, Path.of("d"))
                .with("log.retention.ms", 1_000);

        NodeConfig changed = base.with(NodeConfig.REPLICA_LAG_TIME_MAX_MS, 500);

        assertThat(changed.replicaLagTimeMaxMs()).isEqualTo(500L);
        assertThat(changed.nodeId()).isEqualTo(7);
        assertThat(changed.logDefaults()).containsEntry("retention.ms", "1000");
        assertThat(base.replicaLagTimeMaxMs()).isEqualTo(30_000L);
    }

    @Test
    void effectiveSettingsListEveryDefinedSetting() {
        assertThat(NodeConfig.fromProperties(Map.of()).effectiveSettings())
                .containsOnlyKeys(NodeConfig.DEFINITION.names())
                .containsEntry(NodeConfig.AUTO_CREATE_TOPICS, "false");
    }

    @Test
    void withoutListenersTheLegacySettingsMakeOnePlaintextListener() {
        NodeConfig config = NodeConfig.fromProperties(Map.of(NodeConfig.LISTENER_HOST, "0.0.0.0", NodeConfig.LISTENER_PORT, "9093",
                NodeConfig.ADVERTISED_HOST, "kafka.example.com"));
        assertThat(config.listeners()).containsExactly(new ListenerConfig("PLAINTEXT", SecurityProtocol.PLAINTEXT, "0.0.0.0", 9093,
                "kafka.example.com", 0));
        assertThat(config.interBrokerListener().name()).isEqualTo("PLAINTEXT");
        assertThat(config.effectiveSettings()).containsEntry(NodeConfig.ADVERTISED_LISTENERS, "PLAINTEXT://kafka.example.com:9093");
    }

    @Test
    void listenersAreNamedAndAdvertisedAsKafkaReadsThem() {
        NodeConfig config = NodeConfig.fromProperties(Map.of(
                NodeConfig.LISTENERS, "client://:9093,REPLICATION://10.0.0.5:9094",
                NodeConfig.ADVERTISED_LISTENERS, "CLIENT://kafka1.example.com:19093",
                NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, "CLIENT:SASL_SSL,REPLICATION:SSL",
                NodeConfig.INTER_BROKER_LISTENER_NAME, "replication"));
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig("CLIENT", SecurityProtocol.SASL_SSL, "", 9093, "kafka1.example.com", 19093),
                new ListenerConfig("REPLICATION", SecurityProtocol.SSL, "10.0.0.5", 9094, "10.0.0.5", 0));
        assertThat(config.interBrokerListener().name()).isEqualTo("REPLICATION");
    }

    @Test
    void aListenerSettingPrefixedWithItsNameWinsForThatListener() {
        NodeConfig config = NodeConfig.fromProperties(Map.of(NodeConfig.LISTENERS, "A://:1,B://:2",
                NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP, "A:SSL,B:SSL", NodeConfig.INTER_BROKER_LISTENER_NAME, "A",
                NodeConfig.SSL_CLIENT_AUTH, "requested", "listener.name.b.ssl.client.auth", "required"));
        assertThat(config.listenerSettings("A")).containsEntry(NodeConfig.SSL_CLIENT_AUTH, "requested");
        assertThat(config.listenerSettings("B")).containsEntry(NodeConfig.SSL_CLIENT_AUTH, "required");
    }

    @Test
    void inconsistentListenerSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.LISTENERS, "CLIENT://:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.LISTENER_SECURITY_PROTOCOL_MAP)
                .hasMessageContaining("CLIENT");
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.LISTENERS, "SSL://:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(NodeConfig.SECURITY_INTER_BROKER_PROTOCOL)
                .hasMessageContaining("[SSL]");
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.LISTENERS, "PLAINTEXT://9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected NAME://host:port");
        assertThatThrownBy(() -> NodeConfig.fromProperties(Map.of(NodeConfig.LISTENERS, "PLAINTEXT://:9093",
                NodeConfig.ADVERTISED_LISTENERS, "OTHER://h:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OTHER is not among the listeners");
    }
}
