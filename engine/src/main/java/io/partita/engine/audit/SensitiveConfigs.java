package io.partita.engine.audit;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which config values an audit line must not show: Kafka's password-type settings (key and trust store passwords,
 * PEM keys, {@code sasl.jaas.config}, ...), also under a listener's prefix
 * ({@code listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config}), and anything named like a password or secret.
 * Immutable; thread-safe.
 */
public final class SensitiveConfigs {

    /** What an audit line shows instead of a sensitive value. */
    public static final String MASK = "[hidden]";

    private static final Set<String> PASSWORD_TYPED = passwordTyped();

    private SensitiveConfigs() {
    }

    /** {@code value}, or {@link #MASK} when config {@code name} holds a secret; null stays null (a removal). */
    public static String shown(String name, String value) {
        return value == null || !isSensitive(name) ? value : MASK;
    }

    static boolean isSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("secret")) return true;
        return PASSWORD_TYPED.stream().anyMatch(known -> lower.equals(known) || lower.endsWith("." + known));
    }

    private static Set<String> passwordTyped() {
        ConfigDef definitions = new ConfigDef();
        SslConfigs.addClientSslSupport(definitions);
        SaslConfigs.addClientSaslSupport(definitions);
        return definitions.configKeys().values().stream()
                .filter(key -> key.type == ConfigDef.Type.PASSWORD)
                .map(key -> key.name)
                .collect(Collectors.toUnmodifiableSet());
    }
}
