package io.partita.engine.security;

import io.partita.engine.config.ListenerConfig;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.PlaintextAuthenticationContext;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslFactory;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one listener asks of its connections, by its security protocol: TLS engines made by kafka-clients'
 * {@link SslFactory} from the listener's {@code ssl.*} settings (each one overridable as
 * {@code listener.name.<name>.ssl.*}), the SASL mechanisms it accepts ({@code sasl.enabled.mechanisms}), and the
 * principal a connection acts as: kafka-clients' {@link DefaultKafkaPrincipalBuilder} makes {@code User:<name>} of a
 * SASL authentication, of a client certificate's subject ({@code ssl.principal.mapping.rules}) or
 * {@code User:ANONYMOUS} of a connection with neither.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class ListenerSecurity implements AutoCloseable {

    private final ListenerConfig listener;
    private final ListenerName listenerName;
    private final SslFactory ssl;
    private final List<String> mechanisms;
    private final SaslServers saslServers;
    private final DefaultKafkaPrincipalBuilder principals;
    private final long reauthMs;

    private ListenerSecurity(ListenerConfig listener, SslFactory ssl, List<String> mechanisms, SaslServers saslServers,
                             DefaultKafkaPrincipalBuilder principals, long reauthMs) {
        this.listener = listener;
        this.listenerName = new ListenerName(listener.name());
        this.ssl = ssl;
        this.mechanisms = List.copyOf(mechanisms);
        this.saslServers = saslServers;
        this.principals = principals;
        this.reauthMs = reauthMs;
    }

    /**
     * @throws ConfigException when the listener's TLS stores cannot be loaded or it enables a SASL mechanism not served
     */
    public static ListenerSecurity of(ListenerConfig listener, NodeConfig config, Credentials credentials) {
        Map<String, Object> settings = config.listenerSettings(listener.name());
        List<String> mechanisms = List.of();
        if (listener.sasl()) {
            @SuppressWarnings("unchecked")
            List<String> enabled = (List<String>) settings.get(NodeConfig.SASL_ENABLED_MECHANISMS);
            for (String mechanism : enabled) {
                if (!SaslServers.MECHANISMS.contains(mechanism)) {
                    throw new ConfigException(NodeConfig.SASL_ENABLED_MECHANISMS, enabled, "listener " + listener.name()
                            + ": " + mechanism + " is not served (only " + String.join(", ", SaslServers.MECHANISMS) + " are)");
                }
            }
            mechanisms = enabled;
        }
        SslFactory ssl = listener.tls() ? serverSslFactory(listener, config, settings) : null;
        DefaultKafkaPrincipalBuilder principals = new DefaultKafkaPrincipalBuilder(null,
                SslPrincipalMapper.fromRules((String) settings.get(NodeConfig.SSL_PRINCIPAL_MAPPING_RULES)));
        return new ListenerSecurity(listener, ssl, mechanisms, new SaslServers(credentials), principals,
                (Long) settings.get(NodeConfig.CONNECTIONS_MAX_REAUTH_MS));
    }

    private static SslFactory serverSslFactory(ListenerConfig listener, NodeConfig config, Map<String, Object> settings) {
        // As Kafka (KIP-684): SASL_SSL asks for no client certificate unless the listener's own ssl.client.auth says so.
        String clientAuth = listener.sasl()
                ? config.original(new ListenerName(listener.name()).configPrefix() + BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG).orElse("none")
                : null;
        SslFactory factory = new SslFactory(ConnectionMode.SERVER, clientAuth, false);
        try {
            factory.configure(settings);
        } catch (RuntimeException e) {
            throw new ConfigException("Listener " + listener.name() + ": its TLS key or trust store cannot be used: " + e.getMessage());
        }
        return factory;
    }

    public ListenerConfig listener() {
        return listener;
    }

    public ListenerName listenerName() {
        return listenerName;
    }

    public SecurityProtocol protocol() {
        return listener.protocol();
    }

    /** A TLS engine for a new connection from {@code peer}; empty when the listener is not TLS. */
    public Optional<SSLEngine> sslEngine(InetSocketAddress peer) {
        return ssl == null ? Optional.empty() : Optional.of(ssl.createSslEngine(peer.getHostString(), peer.getPort()));
    }

    /** The SASL mechanisms accepted, in the order configured; empty when the listener is not SASL. */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /** A server for one authentication with {@code mechanism}, one of {@link #mechanisms()}. */
    public SaslServer saslServer(String mechanism) throws SaslException {
        return saslServers.create(mechanism);
    }

    /** {@code connections.max.reauth.ms}: how long a SASL session lasts; 0 for ever. */
    public long reauthMs() {
        return reauthMs;
    }

    /** The principal of a connection without SASL: its certificate's subject, mapped, else ANONYMOUS. */
    public KafkaPrincipal principal(Optional<SSLSession> tls, InetAddress client) {
        return tls.map(session -> principals.build(new SslAuthenticationContext(session, client, listener.name())))
                .orElseGet(() -> principals.build(new PlaintextAuthenticationContext(client, listener.name())));
    }

    /** The principal a completed SASL authentication established. */
    public KafkaPrincipal principal(SaslServer authenticated, Optional<SSLSession> tls, InetAddress client) {
        return principals.build(new SaslAuthenticationContext(authenticated, listener.protocol(), client, listener.name(), tls));
    }

    @Override
    public void close() {
        if (ssl != null) ssl.close();
    }
}
