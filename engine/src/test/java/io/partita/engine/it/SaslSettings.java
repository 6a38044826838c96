package io.partita.engine.it;

import io.partita.engine.security.SaslClientLogin;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.HashMap;
import java.util.Map;

/** Client settings that log in as a user over SASL, as an application configures them. Stateless. */
final class SaslSettings {

    private SaslSettings() {
    }

    static Map<String, Object> saslPlaintext(String mechanism, String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        settings.put(SaslConfigs.SASL_MECHANISM, mechanism);
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, SaslClientLogin.jaasConfig(mechanism, user, password));
        return settings;
    }

    /**
     * librdkafka's settings (kcat's {@code -X}) to log in over TLS, trusting the certificate of {@code alias}'s key
     * store.
     */
    static Map<String, String> librdkafkaSaslSsl(TestCertificates certificates, String alias, String mechanism,
                                                 String user, String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanisms", mechanism, "sasl.username", user,
                "sasl.password", password, "ssl.ca.location", certificates.certificate(alias).toString());
    }

    /** Over TLS, trusting the test's certificates. */
    static Map<String, Object> saslSsl(TestCertificates certificates, String mechanism, String user, String password) {
        Map<String, Object> settings = saslPlaintext(mechanism, user, password);
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.putAll(certificates.trustSettings());
        return settings;
    }
}
