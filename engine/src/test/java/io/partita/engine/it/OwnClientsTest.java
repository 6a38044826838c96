package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's own clients ({@code PartitaNode.ownClientConfigs()}, what the admin API connects with) on nodes that
 * serve no PLAINTEXT listener and check ACLs: they reach the inter-broker listener as the identity replication uses,
 * SASL as {@code inter.broker.sasl.username} or a TLS client certificate, which {@code super.users} names, and may
 * then do what an administrator does. Their configs never show a password.
 */
@Tag("slow")
class OwnClientsTest {

    private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final String BROKER_PASSWORD = "broker-secret";

    @TempDir
    Path dir;

    @BeforeAll
    static void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void onASaslSslOnlyNodeTheyActAsTheInterBrokerUser() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        Path users = Files.writeString(dir.resolve("users.properties"), "broker=admin:plain:" + BROKER_PASSWORD + "\n");
        NodeConfig config = TestNode.settings(dir.resolve("data"), 1, false)
                .with(Map.of(NodeConfig.LISTENERS, "SASL_SSL://127.0.0.1:0",
                        NodeConfig.INTER_BROKER_LISTENER_NAME, "SASL_SSL",
                        NodeConfig.SASL_ENABLED_MECHANISMS, "PLAIN,SCRAM-SHA-512",
                        NodeConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "PLAIN",
                        NodeConfig.INTER_BROKER_SASL_USERNAME, "broker",
                        NodeConfig.INTER_BROKER_SASL_PASSWORD, BROKER_PASSWORD,
                        NodeConfig.USERS_FILE, users.toString(),
                        NodeConfig.AUTHORIZER_CLASS_NAME, STANDARD_AUTHORIZER,
                        NodeConfig.SUPER_USERS, "User:broker"));
        try (TestNode broker = TestNode.start(certificates.brokerSettings(config, certificates.keystore("broker", "CN=localhost")))) {
            Map<String, Object> own = broker.node().ownClientConfigs();
            assertThat(own).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("bootstrap.servers", "127.0.0.1:" + broker.node().kafkaAddress("SASL_SSL").getPort());
            assertThat(own.toString()).doesNotContain(BROKER_PASSWORD, TestCertificates.PASSWORD);

            try (Admin admin = Admin.create(own)) {
                administer(admin, "orders");
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "alice-secret"))).all().get();
                assertThat(admin.describeUserScramCredentials().all().get()).containsKey("alice");
            }
        }
    }

    @Test
    void onAMutualTlsOnlyNodeTheyPresentTheNodesCertificate() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        NodeConfig config = TestNode.settings(dir.resolve("data"), 1, false)
                .with(Map.of(NodeConfig.LISTENERS, "SSL://127.0.0.1:0",
                        NodeConfig.INTER_BROKER_LISTENER_NAME, "SSL",
                        NodeConfig.SSL_CLIENT_AUTH, "required",
                        NodeConfig.AUTHORIZER_CLASS_NAME, STANDARD_AUTHORIZER,
                        NodeConfig.SUPER_USERS, "User:CN=localhost"));
        try (TestNode broker = TestNode.start(certificates.brokerSettings(config, certificates.keystore("broker", "CN=localhost")))) {
            Map<String, Object> own = broker.node().ownClientConfigs();
            assertThat(own).containsEntry("security.protocol", "SSL").containsKey("ssl.keystore.location");
            assertThat(own.toString()).doesNotContain(TestCertificates.PASSWORD);

            try (Admin admin = Admin.create(own)) {
                administer(admin, "payments");
            }
        }
    }

    /** Creates a topic, finds it listed and reads the ACLs: what only a principal allowed everything may do here. */
    private static void administer(Admin admin, String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains(topic);
        assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).isEmpty();
    }
}
