package io.partita.engine.it;

import io.partita.engine.cluster.KafkaTool;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One node with a PLAINTEXT listener (for the test's own admin) and SASL_PLAINTEXT and SASL_SSL listeners, reached by
 * Kafka's own clients and tools: users of the users file log in with PLAIN (plain and PBKDF2-hashed passwords), SCRAM
 * users are created with the Admin API and {@code kafka-configs.sh} and log in with SCRAM-SHA-256 and SCRAM-SHA-512
 * over TLS, wrong passwords and clients without credentials are refused, and each listener names the brokers at its
 * own endpoints.
 */
@Tag("slow")
class SecureListenersTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static TestNode broker;

    @BeforeAll
    static void start() throws Exception {
        certificates = new TestCertificates(dir);
        Path keystore = certificates.keystore("broker", "CN=localhost");
        Path users = Files.writeString(dir.resolve("users.properties"), "# name=role:password\n"
                + "alice=admin:plain:alice-secret\n"
                + "bob=viewer:" + pbkdf2("bob-secret") + "\n"
                + "grace=viewer:scram\n");
        NodeConfig config = TestNode.settings(dir.resolve("data"), 1, true)
                .with(NodeConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0")
                .with(NodeConfig.ADVERTISED_LISTENERS, "SASL_SSL://localhost:0")
                .with(NodeConfig.SASL_ENABLED_MECHANISMS, "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .with(NodeConfig.USERS_FILE, users);
        broker = TestNode.start(certificates.brokerSettings(config, keystore));
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void usersOfTheUsersFileLogInWithPlain() throws Exception {
        roundTrip("file-users-alice", saslPlaintext("PLAIN", "alice", "alice-secret"));
        roundTrip("file-users-bob", saslPlaintext("PLAIN", "bob", "bob-secret"));
    }

    @Test
    void aUsersFileLineWhosePasswordIsScramChecksPlainAgainstTheScramCredential() throws Exception {
        assertThatThrownBy(() -> clusterId(saslPlaintext("PLAIN", "grace", "scram")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        try (Admin admin = broker.clients().admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("grace",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "grace-secret"))).all().get();
        }
        assertThat(clusterId(saslPlaintext("PLAIN", "grace", "grace-secret"))).isNotBlank();
        assertThat(clusterId(saslPlaintext("SCRAM-SHA-256", "grace", "grace-secret"))).isNotBlank();
        assertThatThrownBy(() -> clusterId(saslPlaintext("PLAIN", "grace", "scram")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aWrongPasswordIsRefusedWithTheReason() {
        assertThatThrownBy(() -> clusterId(saslPlaintext("PLAIN", "alice", "not-her-secret")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Invalid username or password");
        assertThatThrownBy(() -> clusterId(saslPlaintext("SCRAM-SHA-512", "nobody", "secret")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutCredentialsIsRefused() throws Exception {
        Map<String, Object> noSasl = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        assertThatThrownBy(() -> clusterId(listener("SASL_PLAINTEXT"), noSasl))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        // Before authenticating only ApiVersions and the SASL exchange are served: anything else closes the connection.
        try (RawKafkaConnection raw = RawKafkaConnection.open(listener("SASL_PLAINTEXT"))) {
            raw.writeFrame(new org.apache.kafka.common.requests.MetadataRequest(new MetadataRequestData(), ApiKeys.METADATA.latestVersion())
                    .serializeWithHeader(new org.apache.kafka.common.requests.RequestHeader(ApiKeys.METADATA,
                            ApiKeys.METADATA.latestVersion(), "raw", 1)));
            assertThat(raw.isClosedByBroker()).isTrue();
        }
    }

    @Test
    void scramSha512OverTlsProducesAndConsumes() throws Exception {
        try (Admin admin = broker.clients().admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("dave",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "dave-secret"))).all().get();
            UserScramCredentialsDescription dave = admin.describeUserScramCredentials(List.of("dave")).description("dave").get();
            assertThat(dave.credentialInfos()).extracting(ScramCredentialInfo::mechanism, ScramCredentialInfo::iterations)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ScramMechanism.SCRAM_SHA_512, 8192));
        }
        roundTrip("scram-over-tls", saslSsl("SCRAM-SHA-512", "dave", "dave-secret"));
        // A SCRAM user may also log in with PLAIN (over TLS, where the password travels encrypted).
        assertThat(clusterId(saslSsl("PLAIN", "dave", "dave-secret"))).isNotBlank();
        assertThatThrownBy(() -> clusterId(saslSsl("SCRAM-SHA-512", "dave", "wrong")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void eachListenerNamesTheBrokerAtItsOwnEndpoint() throws Exception {
        try (Admin admin = admin(saslSsl("SCRAM-SHA-512", "alice", "x"), Map.of())) {
            // refused: alice has no SCRAM credential; only the users file knows her, for PLAIN
            assertThatThrownBy(() -> admin.describeCluster().nodes().get()).cause().isInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin admin = admin(saslSsl("PLAIN", "alice", "alice-secret"), Map.of())) {
            assertThat(admin.describeCluster().nodes().get()).singleElement()
                    .satisfies(node -> assertThat(node.host() + ":" + node.port())
                            .isEqualTo("localhost:" + broker.node().kafkaAddress("SASL_SSL").getPort()));
        }
        try (Admin admin = broker.clients().admin()) {
            assertThat(admin.describeCluster().nodes().get()).singleElement()
                    .satisfies(node -> assertThat(node.port()).isEqualTo(broker.node().kafkaAddress("PLAINTEXT").getPort()));
        }
    }

    @Test
    void kafkaConfigsManagesScramCredentials() throws Exception {
        String bootstrap = broker.clients().bootstrapServers();
        KafkaTool.Result added = KafkaTool.run(ConfigCommand::main, "--bootstrap-server", bootstrap, "--alter",
                "--add-config", "SCRAM-SHA-256=[iterations=4096,password=erin-secret]", "--entity-type", "users", "--entity-name", "erin");
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output()).contains("Completed updating config for user erin.");
        assertThat(clusterId(saslPlaintext("SCRAM-SHA-256", "erin", "erin-secret"))).isNotBlank();
        // kafka-configs asks for the user's client quotas first, then for its SCRAM credentials
        KafkaTool.Result described = KafkaTool.run(ConfigCommand::main, "--bootstrap-server", bootstrap, "--describe",
                "--entity-type", "users", "--entity-name", "erin");
        assertThat(described.exitCode()).as(described.output()).isZero();
        assertThat(described.output()).contains("SCRAM credential configs for user-principal 'erin' are SCRAM-SHA-256=iterations=4096");

        KafkaTool.Result deleted = KafkaTool.run(ConfigCommand::main, "--bootstrap-server", bootstrap, "--alter",
                "--delete-config", "SCRAM-SHA-256", "--entity-type", "users", "--entity-name", "erin");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        try (Admin admin = broker.clients().admin()) {
            assertThatThrownBy(() -> admin.describeUserScramCredentials(List.of("erin")).description("erin").get())
                    .cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("Attempt to describe a user credential that does not exist: erin");
        }
        assertThatThrownBy(() -> clusterId(saslPlaintext("SCRAM-SHA-256", "erin", "erin-secret")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void scramCredentialChangesAreCheckedAsKafkaChecksThem() {
        try (Admin admin = broker.clients().admin()) {
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("frank",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 1000), "frank-secret"))).all().get())
                    .cause().isInstanceOf(UnacceptableCredentialException.class).hasMessage("Too few iterations");
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion("frank", ScramMechanism.SCRAM_SHA_512))).all().get())
                    .cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessage("Attempt to delete a user credential that does not exist");
            assertThatThrownBy(() -> admin.describeUserScramCredentials(List.of("frank")).description("frank").get())
                    .cause().isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /** Produces three records with {@code security} to a new topic and reads them back with it. */
    private static void roundTrip(String topic, Map<String, Object> security) {
        TestClients clients = new TestClients(bootstrapOf(security), TestNode.NODE_ID);
        try (KafkaProducer<byte[], byte[]> producer = clients.producer(security)) {
            for (int i = 0; i < 3; i++) producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(security)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) values.add(new String(r.value(), StandardCharsets.UTF_8));
                return values.size() >= 3;
            });
            assertThat(values).containsExactly("v0", "v1", "v2");
        }
    }

    private static String clusterId(Map<String, Object> security) throws Exception {
        return clusterId(bootstrapOf(security), security);
    }

    private static String clusterId(String bootstrap, Map<String, Object> settings) throws Exception {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = new TestClients(bootstrap, TestNode.NODE_ID).admin(all)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static Admin admin(Map<String, Object> security, Map<String, Object> more) {
        Map<String, Object> all = new HashMap<>(security);
        all.putAll(more);
        return new TestClients(bootstrapOf(security), TestNode.NODE_ID).admin(all);
    }

    private static String bootstrapOf(Map<String, Object> security) {
        return listener((String) security.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
    }

    private static String listener(String name) {
        return "127.0.0.1:" + broker.node().kafkaAddress(name).getPort();
    }

    private static Map<String, Object> saslPlaintext(String mechanism, String user, String password) {
        return SaslSettings.saslPlaintext(mechanism, user, password);
    }

    private static Map<String, Object> saslSsl(String mechanism, String user, String password) {
        return SaslSettings.saslSsl(certificates, mechanism, user, password);
    }

    /** A password as Jakarta Security's Pbkdf2PasswordHash stores it (what {@code bin/partita hash-password} prints). */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = "sixteen-byte-slt".getBytes(StandardCharsets.UTF_8);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1024, 256)).getEncoded();
        return "PBKDF2WithHmacSHA256:1024:" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(hash);
    }
}
