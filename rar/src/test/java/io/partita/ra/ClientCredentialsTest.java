package io.partita.ra;

import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCredentialsTest {

    private static ClientCredentials sasl(String mechanism, String user, String password) {
        return new ClientCredentials("SASL_SSL", mechanism, user, password, "/etc/partita/trust.p12", "trust-secret");
    }

    @Test
    void aUserBecomesTheJaasConfigOfItsMechanismAsKafkaParsesIt() {
        Map<String, Object> config = new HashMap<>();
        sasl("SCRAM-SHA-512", "alice", "pa\"ss\\word").applyTo(config);

        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/partita/trust.p12")
                .containsEntry("ssl.truststore.password", "trust-secret");
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password((String) config.get("sasl.jaas.config")))).configurationEntries();
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
            assertThat(entry.getOptions().get("username")).isEqualTo("alice");
            assertThat(entry.getOptions().get("password")).isEqualTo("pa\"ss\\word");
        });

        Map<String, Object> plain = new HashMap<>();
        sasl(null, "bob", "secret").applyTo(plain);
        assertThat(plain).containsEntry("sasl.mechanism", "PLAIN");
        assertThat((String) plain.get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
    }

    @Test
    void noCredentialsLeaveTheClientsDefaults() {
        Map<String, Object> config = new HashMap<>();
        ClientCredentials.NONE.applyTo(config);
        assertThat(config).isEmpty();
    }

    @Test
    void passwordsAreNeverShown() {
        ClientCredentials credentials = sasl("PLAIN", "alice", "top-secret");
        assertThat(credentials.toString()).contains("alice", "SASL_SSL").doesNotContain("top-secret", "trust-secret");

        Map<String, Object> config = new HashMap<>(Map.of("acks", "all"));
        credentials.applyTo(config);
        assertThat(ClientCredentials.masked(config).toString())
                .contains("acks=all", "sasl.mechanism=PLAIN").doesNotContain("top-secret", "trust-secret");
        assertThat(ClientCredentials.masked(config).toString()).doesNotContain("top-secret", "trust-secret");
    }

    @Test
    void inconsistentCredentialsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ClientCredentials("SASL_TLS", null, null, null, null, null).validate())
                .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("securityProtocol must be one of");
        assertThatThrownBy(() -> sasl("GSSAPI", "alice", "x").validate())
                .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("saslMechanism must be one of");
        assertThatThrownBy(() -> sasl("PLAIN", "alice", null).validate())
                .isInstanceOf(InvalidPropertyException.class).hasMessage("userName alice needs a password");
        assertThatThrownBy(() -> new ClientCredentials("SSL", null, "alice", "x", null, null).validate())
                .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("needs securityProtocol SASL_PLAINTEXT or SASL_SSL");
    }
}
