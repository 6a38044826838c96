package io.partita.engine.it;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KIP-368 with {@code connections.max.reauth.ms}: each SASL authentication answers the session's lifetime, a Kafka
 * client re-authenticates on its own before it ends and keeps producing on the same connections, and a connection
 * that does not re-authenticate is closed at its first request after the session ended.
 */
@Tag("slow")
class ReauthenticationTest {

    private static final long SESSION_MS = 1_500;

    @TempDir
    static Path dir;
    private static TestNode broker;

    @BeforeAll
    static void start() throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=admin:plain:alice-secret\n");
        broker = TestNode.start(TestNode.settings(dir.resolve("data"), 1, true).with(Map.of(
                NodeConfig.LISTENERS, "SASL_PLAINTEXT://127.0.0.1:0",
                NodeConfig.INTER_BROKER_LISTENER_NAME, "SASL_PLAINTEXT",
                NodeConfig.SASL_ENABLED_MECHANISMS, "PLAIN",
                NodeConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "PLAIN",
                NodeConfig.INTER_BROKER_SASL_USERNAME, "alice",
                NodeConfig.INTER_BROKER_SASL_PASSWORD, "alice-secret",
                NodeConfig.CONNECTIONS_MAX_REAUTH_MS, SESSION_MS,
                NodeConfig.USERS_FILE, users)));
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void aClientReauthenticatesAndKeepsProducing() {
        try (KafkaProducer<byte[], byte[]> producer = broker.clients().producer(Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"alice-secret\";"))) {
            int[] sent = new int[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                producer.send(new ProducerRecord<>("reauth", ("r" + sent[0]++).getBytes(StandardCharsets.UTF_8))).get();
                return metric(producer, "successful-reauthentication-total") >= 2;
            });
            assertThat(metric(producer, "failed-reauthentication-total")).isZero();
        }
    }

    @Test
    void aConnectionThatDoesNotReauthenticateIsClosedAtItsNextRequestAfterTheSession() {
        String address = "127.0.0.1:" + broker.node().kafkaAddress().getPort();
        try (RawKafkaConnection raw = RawKafkaConnection.open(address)) {
            SaslHandshakeResponse handshake = (SaslHandshakeResponse) raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.error()).isEqualTo(Errors.NONE);
            SaslAuthenticateResponse authenticated = (SaslAuthenticateResponse) raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes("\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)));
            long at = System.nanoTime();
            assertThat(authenticated.error()).isEqualTo(Errors.NONE);
            assertThat(authenticated.sessionLifetimeMs()).isEqualTo(SESSION_MS);

            int[] correlation = {10};
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                raw.writeFrame(new MetadataRequest(new MetadataRequestData(), ApiKeys.METADATA.latestVersion())
                        .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion(), "raw", correlation[0]++)));
                return raw.awaitReaction() == RawKafkaConnection.Reaction.CLOSED;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - at)).isGreaterThanOrEqualTo(Duration.ofMillis(SESSION_MS));
        }
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .map(Map.Entry::getValue).mapToDouble(m -> ((Number) ((Metric) m).metricValue()).doubleValue()).sum();
    }
}
