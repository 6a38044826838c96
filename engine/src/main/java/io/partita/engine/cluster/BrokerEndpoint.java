package io.partita.engine.cluster;

/** Where clients reach one listener of a broker: the advertised host and port. Immutable. */
public record BrokerEndpoint(String host, int port) {
}
