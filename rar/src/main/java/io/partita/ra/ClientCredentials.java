package io.partita.ra;

import io.partita.engine.audit.SensitiveConfigs;
import io.partita.engine.security.SaslClientLogin;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity a connection factory or an activation's clients present to a secured node: a user name and password
 * for SASL (PLAIN or SCRAM), and the trust store for TLS, given as config properties of the factory or activation.
 * The password never appears in {@link #toString()} or in {@link #masked} configs, which is what error messages and
 * logs show. Immutable.
 *
 * @param securityProtocol   Kafka's {@code security.protocol}; null keeps the client's default (PLAINTEXT)
 * @param saslMechanism      PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; PLAIN when a user is given without one
 * @param userName           the SASL user; null for none
 * @param password           the SASL user's password
 * @param truststoreLocation a PKCS12 or JKS trust store for TLS; null keeps the JVM's default trust
 * @param truststorePassword the trust store's password
 */
public record ClientCredentials(String securityProtocol, String saslMechanism, String userName, String password,
                                String truststoreLocation, String truststorePassword) {

    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** No credentials: the client's defaults. */
    public static final ClientCredentials NONE = new ClientCredentials(null, null, null, null, null, null);

    /** @throws InvalidPropertyException naming the property that is wrong */
    public void validate() throws InvalidPropertyException {
        if (securityProtocol != null) {
            List<String> names = SecurityProtocol.names();
            if (!names.contains(securityProtocol)) {
                throw new InvalidPropertyException("securityProtocol must be one of " + names + ", was " + securityProtocol);
            }
        }
        if (saslMechanism != null && !MECHANISMS.contains(saslMechanism)) {
            throw new InvalidPropertyException("saslMechanism must be one of " + MECHANISMS + ", was " + saslMechanism);
        }
        if (userName != null && password == null) throw new InvalidPropertyException("userName " + userName + " needs a password");
        if (password != null && userName == null) throw new InvalidPropertyException("password is set without a userName");
        if (userName != null && (securityProtocol == null || !securityProtocol.startsWith("SASL_"))) {
            throw new InvalidPropertyException("userName needs securityProtocol SASL_PLAINTEXT or SASL_SSL, was " + securityProtocol);
        }
    }

    /** Adds the Kafka client configs these credentials stand for to {@code config}. */
    public void applyTo(Map<String, Object> config) {
        if (securityProtocol != null) config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (userName != null) {
            String mechanism = saslMechanism == null ? "PLAIN" : saslMechanism;
            config.put(SaslConfigs.SASL_MECHANISM, mechanism);
            config.put(SaslConfigs.SASL_JAAS_CONFIG, SaslClientLogin.jaasConfig(mechanism, userName, password));
        }
        if (truststoreLocation != null) {
            config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation);
            if (truststorePassword != null) config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
        }
    }

    /**
     * {@code config} as it may be shown, sorted by name: every secret value ({@link SensitiveConfigs}: Kafka's
     * password-type configs such as {@code sasl.jaas.config} and {@code ssl.*.password}) replaced.
     */
    public static Map<String, Object> masked(Map<String, Object> config) {
        Map<String, Object> shown = new TreeMap<>();
        config.forEach((name, value) -> shown.put(name, value == null ? null : SensitiveConfigs.shown(name, value.toString())));
        return shown;
    }

    @Override
    public String toString() {
        Map<String, Object> config = new HashMap<>();
        applyTo(config);
        Map<String, Object> shown = masked(config);
        if (userName != null) shown.put("user", userName);
        return shown.toString();
    }
}
