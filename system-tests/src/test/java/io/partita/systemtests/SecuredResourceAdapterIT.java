package io.partita.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.engine.it.TestCertificates;
import io.partita.systemtests.ApiClient.Login;
import io.partita.systemtests.securedapp.IntruderListener;
import io.partita.systemtests.securedapp.SecuredApplication;
import io.partita.systemtests.securedapp.ShippingListener;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's acceptance point for Jakarta EE applications: one node started by {@code bin/partita} whose only Kafka
 * listener is SASL_SSL (a certificate the test makes) with the ACL authorizer on, and the test application
 * {@link io.partita.systemtests.securedapp} deployed. The SCRAM user alice is created and granted her ACLs with Kafka's
 * Admin API; a connection factory with her password (from a Payara password alias) produces, her message-driven bean
 * (password from an environment variable) consumes and dead-letters as her, a factory and a bean with a wrong password
 * are refused with Kafka's reason, logged once per interval, and no password reaches the node's log. The admin API,
 * whose Kafka clients act as the node's inter-broker user, lists the secured node's topics, and its beans with what
 * they did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredResourceAdapterIT {

    private static final String ADMIN_PASSWORD = "admin-secret-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "broker-secret-" + UUID.randomUUID();
    private static final String ALICE_PASSWORD = "alice-secret-" + UUID.randomUUID();
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private static Path dir;
    private static Path testWar;
    private static PartitaNodeProcess node;
    private static long nodeStartedNanos;
    private static Map<String, Object> adminSettings;
    private static ApiClient api;

    @BeforeAll
    static void startSecuredNodeWithTheApplication() throws Exception {
        dir = Files.createTempDirectory("partita-secured-it-");
        TestCertificates certificates = new TestCertificates(dir);
        Path keystore = certificates.keystore("broker", "CN=localhost");
        Path users = Files.writeString(dir.resolve("users.properties"),
                "admin=admin:plain:" + ADMIN_PASSWORD + "\nbroker=viewer:plain:" + BROKER_PASSWORD + "\n");
        Path aliasPassword = Files.writeString(dir.resolve("alias-password"), "AS_ADMIN_ALIASPASSWORD=" + ALICE_PASSWORD + "\n");
        Path postBoot = Files.writeString(dir.resolve("post-boot-commands.asadmin"), "create-password-alias --passwordfile="
                + aliasPassword + " " + SecuredApplication.ALICE_PASSWORD_ALIAS + "\n");
        int kafkaPort = FreePorts.next();
        String bootstrap = "127.0.0.1:" + kafkaPort;

        Map<String, String> environment = new HashMap<>();
        environment.put("PARTITA_LISTENERS", "SASL_SSL://" + bootstrap);
        environment.put("PARTITA_INTER_BROKER_LISTENER_NAME", "SASL_SSL");
        environment.put("PARTITA_SASL_ENABLED_MECHANISMS", "PLAIN,SCRAM-SHA-512");
        environment.put("PARTITA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "PLAIN");
        environment.put("PARTITA_INTER_BROKER_SASL_USERNAME", "broker");
        environment.put("PARTITA_INTER_BROKER_SASL_PASSWORD", BROKER_PASSWORD);
        environment.put("PARTITA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        environment.put("PARTITA_SUPER_USERS", "User:broker;User:admin");
        TestCertificates.keySettings(keystore).forEach((name, value) -> environment.put(nodeSetting(name), value.toString()));
        certificates.trustSettings().forEach((name, value) -> environment.put(nodeSetting(name), value.toString()));
        environment.put(SecuredApplication.TRUSTSTORE_ENV, certificates.truststore().toString());
        environment.put(SecuredApplication.TRUSTSTORE_PASSWORD_ENV, TestCertificates.PASSWORD);
        environment.put(SecuredApplication.ALICE_PASSWORD_ENV, ALICE_PASSWORD);

        testWar = TestWar.of("secured-app", SecuredApplication.class);
        nodeStartedNanos = System.nanoTime();
        node = PartitaNodeProcess.start(1, List.of(testWar), environment,
                List.of("--users", users.toString(), "--post-boot-commands", postBoot.toString()));
        api = new ApiClient("http://127.0.0.1:" + node.httpPort());

        adminSettings = new HashMap<>(certificates.trustSettings());
        adminSettings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminSettings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        adminSettings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        adminSettings.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"" + ADMIN_PASSWORD + "\";");
        try (Admin admin = Admin.create(adminSettings)) {
            admin.createTopics(List.of(new NewTopic(SecuredApplication.ORDERS, 1, (short) 1),
                    new NewTopic(SecuredApplication.ORDERS_DEAD_LETTERS, 1, (short) 1))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), ALICE_PASSWORD))).all().get();
            admin.createAcls(List.of(
                    aliceMay(ResourceType.TOPIC, SecuredApplication.ORDERS, AclOperation.WRITE),
                    aliceMay(ResourceType.TOPIC, SecuredApplication.ORDERS, AclOperation.READ),
                    aliceMay(ResourceType.TOPIC, SecuredApplication.ORDERS_DEAD_LETTERS, AclOperation.WRITE),
                    aliceMay(ResourceType.GROUP, SecuredApplication.SHIPPING_GROUP, AclOperation.READ))).all().get();
        }
    }

    @AfterAll
    static void stopNode() {
        try {
            if (node != null) node.close();
        } finally {
            if (testWar != null) Directories.deleteRecursively(testWar.getParent());
            if (dir != null) Directories.deleteRecursively(dir);
        }
    }

    @Test
    @Order(1)
    void aliceProducesThroughHerFactoryAndHerBeanReceivesTheRecord() throws IOException {
        assertThat(produce("alice", "order-1")).isEqualTo("offset=0");

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(shipments()).containsExactly("order-1"));
        // The bean's consumer was refused until alice existed; that was reported, and so was its recovery.
        assertThat(log()).containsPattern("ShippingListener#0: polling failed \\(\\d+ time\\(s\\) since the last report\\)")
                .contains("ShippingListener#0: polling succeeds again");
    }

    @Test
    @Order(2)
    void aRecordHerBeanCannotTakeIsDeadLetteredAsAlice() {
        assertThat(produce("alice", "poison-2")).isEqualTo("offset=1");

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(deadLetters()).containsExactly("poison-2"));
        assertThat(shipments()).containsExactly("order-1");
    }

    @Test
    @Order(3)
    void theAdminApiListsTheSecuredNodesTopics() {
        ApiClient.Answer topics = api.get(new Login("admin", ADMIN_PASSWORD), "/api/topics");

        assertThat(topics.status()).as(topics.toString()).isEqualTo(200);
        assertThat(topics.text()).contains(SecuredApplication.ORDERS, SecuredApplication.ORDERS_DEAD_LETTERS);
    }

    @Test
    @Order(4)
    void aWrongPasswordIsRefusedWithKafkasReasonLoggedOncePerIntervalAndNoPasswordIsLogged() throws IOException {
        assertThat(produce("wrong-password", "forged-order")).startsWith("failed:")
                .contains("SaslAuthenticationException: Authentication failed during authentication due to invalid "
                        + "credentials with SASL mechanism SCRAM-SHA-512");

        String log = log();
        long intervalsUp = Duration.ofNanos(System.nanoTime() - nodeStartedNanos).toSeconds() / 30 + 1;
        assertThat(failureReports(log, "IntruderListener#0")).as("the wrong password's refusals, reported once per 30 s")
                .isBetween(1L, intervalsUp);
        assertThat(log).containsPattern("IntruderListener#0: polling failed .*SaslAuthenticationException: "
                + "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
        assertThat(shipments()).noneMatch(value -> value.startsWith("intruder"));
        assertThat(log).doesNotContain(ALICE_PASSWORD, SecuredApplication.WRONG_PASSWORD, BROKER_PASSWORD,
                ADMIN_PASSWORD, TestCertificates.PASSWORD);
    }

    @Test
    @Order(5)
    void theAdminApiListsTheNodesBeansWithWhatTheyDid() {
        ApiClient.Answer answer = api.get(new Login("admin", ADMIN_PASSWORD), "/api/activations");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode shipping = activation(answer.json(), ShippingListener.class);
        assertThat(shipping.get("groupId").asText()).isEqualTo(SecuredApplication.SHIPPING_GROUP);
        assertThat(shipping.get("ready").asBoolean()).isTrue();
        assertThat(shipping.hasNonNull("reason")).isFalse();
        // order-1 delivered; poison-2 failed its one delivery (retryAttempts=0), then was dead-lettered
        assertThat(List.of("recordsDelivered", "recordsFailed", "recordsRetried", "recordsDeadLettered", "listenerCalls",
                "lag")).extracting(count -> shipping.get(count).asLong()).containsExactly(1L, 1L, 0L, 1L, 2L, 0L);
        assertThat(shipping.get("listenerNanos").asLong()).isPositive();
        assertThat(activation(answer.json(), IntruderListener.class).get("listenerCalls").asLong())
                .as("the refused bean's").isZero();
        assertThat(api.get(Login.NOBODY, "/openapi").text()).contains("/activations");
    }

    private static JsonNode activation(JsonNode activations, Class<?> bean) {
        for (JsonNode activation : activations) {
            if (activation.get("bean").asText().equals(bean.getName())) return activation;
        }
        throw new AssertionError("No activation of " + bean.getName() + " in " + activations);
    }

    /** {@code ssl.keystore.location} as the node setting {@code PARTITA_SSL_KEYSTORE_LOCATION}. */
    private static String nodeSetting(String kafkaName) {
        return "PARTITA_" + kafkaName.toUpperCase().replace('.', '_');
    }

    private static AclBinding aliceMay(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", operation, AclPermissionType.ALLOW));
    }

    private static String produce(String as, String value) {
        ApiClient.Answer answer = api.post(Login.NOBODY, "/secured-app/produce?as=" + as + "&value=" + value, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.text();
    }

    private static List<String> shipments() {
        return api.get(Login.NOBODY, "/secured-app/shipments").text().lines().filter(l -> !l.isBlank()).toList();
    }

    /** The dead-letter topic's values, read as the admin. */
    private static List<String> deadLetters() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(adminSettings, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(SecuredApplication.ORDERS_DEAD_LETTERS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            for (int polls = 0; polls < 20 && consumer.position(partition) < end; polls++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) values.add(record.value());
            }
            return values;
        }
    }

    /** How many "polling failed" lines the consumer loop {@code loop} wrote to the log. */
    private static long failureReports(String log, String loop) {
        return Pattern.compile(Pattern.quote(loop) + ": polling failed \\(\\d+ time\\(s\\)").matcher(log).results().count();
    }

    private static String log() throws IOException {
        return Files.readString(node.dataDir().resolve("partita.log"));
    }
}
