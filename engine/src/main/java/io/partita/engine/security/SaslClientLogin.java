package io.partita.engine.security;

/**
 * Kafka's client {@code sasl.jaas.config} for logging in as a user with a password: the login module of the
 * mechanism (PLAIN's, or SCRAM's for SCRAM-SHA-256 and SCRAM-SHA-512) with {@code username} and {@code password}
 * options. Stateless.
 */
public final class SaslClientLogin {

    private SaslClientLogin() {
    }

    /** The JAAS configuration text; it holds the password, so it is only ever shown masked. */
    public static String jaasConfig(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=" + quoted(user) + " password=" + quoted(password) + ";";
    }

    /** JAAS option values are quoted strings: a quote or backslash inside is escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
