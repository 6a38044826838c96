package io.partita.engine.config;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One Kafka listener of a node, as {@code listeners}, {@code advertised.listeners} and
 * {@code listener.security.protocol.map} describe it. Immutable.
 *
 * @param name           the listener's name, upper case ({@code PLAINTEXT}, {@code CLIENT}, {@code REPLICATION})
 * @param protocol       its security protocol
 * @param host           the address it binds to; empty binds every interface
 * @param port           the port it binds to; 0 picks a free one
 * @param advertisedHost the host clients are told to connect to
 * @param advertisedPort the port clients are told to connect to; 0 means the port bound
 */
public record ListenerConfig(String name, SecurityProtocol protocol, String host, int port, String advertisedHost, int advertisedPort) {

    /** Whether connections authenticate with SASL (SASL_PLAINTEXT, SASL_SSL). */
    public boolean sasl() {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    /** Whether connections are TLS (SSL, SASL_SSL). */
    public boolean tls() {
        return protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
    }
}
