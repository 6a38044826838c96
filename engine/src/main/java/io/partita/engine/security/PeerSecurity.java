package io.partita.engine.security;

import io.partita.engine.config.ListenerConfig;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;
import org.apache.kafka.common.security.ssl.SslFactory;

import javax.net.ssl.SSLEngine;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How this node connects to other brokers, by its inter-broker listener: TLS as a client of that listener's
 * {@code ssl.*} settings (trust store, {@code ssl.endpoint.identification.algorithm}, and its key store as client
 * certificate), and SASL with {@code sasl.mechanism.inter.broker.protocol} as the user of
 * {@code inter.broker.sasl.username}/{@code inter.broker.sasl.password}, or else of the {@code username} and
 * {@code password} options of {@code listener.name.<name>.<mechanism>.sasl.jaas.config} (or of an unprefixed
 * {@code sasl.jaas.config}). The same identity as Kafka client configs ({@link #clientConfigs()}) is what the
 * node's own clients (the admin API's) connect with.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class PeerSecurity implements AutoCloseable {

    /** The {@code ssl.*} settings a Kafka client reads (not the server's, such as {@code ssl.client.auth}). */
    private static final Set<String> CLIENT_SSL_CONFIGS = new ConfigDef().withClientSslSupport().names();

    private final ListenerConfig listener;
    private final SslFactory ssl;
    private final String mechanism;
    private final String user;
    private final String password;
    private final Map<String, Object> clientConfigs;

    private PeerSecurity(ListenerConfig listener, Map<String, Object> settings, SslFactory ssl, String mechanism,
                         String user, String password) {
        this.listener = listener;
        this.ssl = ssl;
        this.mechanism = mechanism;
        this.user = user;
        this.password = password;
        this.clientConfigs = clientConfigs(listener, settings, mechanism, user, password);
    }

    /** @throws ConfigException when TLS cannot be set up or a SASL inter-broker listener lacks a usable mechanism or user */
    public static PeerSecurity of(NodeConfig config) {
        ListenerConfig listener = config.interBrokerListener();
        Map<String, Object> settings = config.listenerSettings(listener.name());
        SslFactory ssl = null;
        if (listener.tls()) {
            ssl = new SslFactory(ConnectionMode.CLIENT);
            try {
                ssl.configure(settings);
            } catch (RuntimeException e) {
                throw new ConfigException("Inter-broker listener " + listener.name() + ": TLS cannot be set up: " + e.getMessage());
            }
        }
        if (!listener.sasl()) return new PeerSecurity(listener, settings, ssl, null, null, null);
        String mechanism = config.saslMechanismInterBrokerProtocol();
        if (!SaslServers.MECHANISMS.contains(mechanism)) {
            throw new ConfigException(NodeConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, mechanism,
                    "not served (only " + String.join(", ", SaslServers.MECHANISMS) + " are)");
        }
        Map.Entry<String, String> credentials = config.interBrokerSaslCredentials()
                .or(() -> jaasCredentials(config, listener, mechanism))
                .orElseThrow(() -> new ConfigException("Inter-broker listener " + listener.name() + " is SASL: set "
                        + NodeConfig.INTER_BROKER_SASL_USERNAME + " and " + NodeConfig.INTER_BROKER_SASL_PASSWORD + ", or "
                        + new ListenerName(listener.name()).saslMechanismConfigPrefix(mechanism) + SaslConfigs.SASL_JAAS_CONFIG));
        return new PeerSecurity(listener, settings, ssl, mechanism, credentials.getKey(), credentials.getValue());
    }

    private static Map<String, Object> clientConfigs(ListenerConfig listener, Map<String, Object> settings,
                                                     String mechanism, String user, String password) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, listener.protocol().name);
        if (listener.tls()) {
            CLIENT_SSL_CONFIGS.forEach(name -> {
                Object value = settings.get(name);
                if (value != null) configs.put(name, value);
            });
        }
        if (mechanism != null) {
            configs.put(SaslConfigs.SASL_MECHANISM, mechanism);
            configs.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(SaslClientLogin.jaasConfig(mechanism, user, password)));
        }
        return Map.copyOf(configs);
    }

    private static Optional<Map.Entry<String, String>> jaasCredentials(NodeConfig config, ListenerConfig listener, String mechanism) {
        return config.original(new ListenerName(listener.name()).saslMechanismConfigPrefix(mechanism) + SaslConfigs.SASL_JAAS_CONFIG)
                .or(() -> config.original(SaslConfigs.SASL_JAAS_CONFIG))
                .map(jaas -> {
                    Map<String, ?> options = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)))
                            .configurationEntries().get(0).getOptions();
                    Object name = options.get("username");
                    Object secret = options.get("password");
                    if (name == null || secret == null) {
                        throw new ConfigException(SaslConfigs.SASL_JAAS_CONFIG, "[hidden]", "the inter-broker login needs username and password options");
                    }
                    return Map.entry(name.toString(), secret.toString());
                });
    }

    /** The listener of the other brokers this node connects to. */
    public ListenerConfig listener() {
        return listener;
    }

    /**
     * Kafka client configs that make a client present this identity to the inter-broker listener:
     * {@code security.protocol}, the listener's client {@code ssl.*} settings (trust store, endpoint identification,
     * the key store as client certificate) and {@code sasl.mechanism} with {@code sasl.jaas.config}; no
     * {@code bootstrap.servers}. Every secret is a {@link Password}, whose {@code toString()} is {@code [hidden]}.
     */
    public Map<String, Object> clientConfigs() {
        return clientConfigs;
    }

    /** A TLS engine for a connection to {@code host:port}; empty when the listener is not TLS. */
    public Optional<SSLEngine> sslEngine(String host, int port) {
        return ssl == null ? Optional.empty() : Optional.of(ssl.createSslEngine(host, port));
    }

    /** The SASL mechanism to authenticate with; empty when the listener is not SASL. */
    public Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    /** A client for one authentication to {@code host}, as this node's inter-broker user. */
    public SaslClient saslClient(String host) throws SaslException {
        CallbackHandler callbacks = this::answer;
        if (ScramMechanism.isScram(mechanism)) {
            try {
                return new ScramSaslClient(ScramMechanism.forMechanismName(mechanism), callbacks);
            } catch (NoSuchAlgorithmException e) {
                throw new SaslException("The JVM lacks the hash of " + mechanism, e);
            }
        }
        return Sasl.createSaslClient(new String[]{mechanism}, null, "kafka", host, Map.of(), callbacks);
    }

    private void answer(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) name.setName(user);
            else if (callback instanceof PasswordCallback secret) secret.setPassword(password.toCharArray());
            else if (callback instanceof ScramExtensionsCallback extensions) extensions.extensions(Map.of());
            else throw new UnsupportedCallbackException(callback);
        }
    }

    @Override
    public void close() {
        if (ssl != null) ssl.close();
    }
}
