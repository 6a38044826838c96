package io.partita.ra.host;

import jakarta.resource.ResourceException;

import java.util.Map;

/**
 * The identity with which Partita's own modules (the admin API, the console's metrics) reach the node of this server
 * as the node itself: its inter-broker listener, as the user or TLS certificate it replicates with, so that on a
 * secured node with ACLs they act as a principal of {@code super.users} rather than {@code User:ANONYMOUS}. Every
 * connection of the resource adapter's connection factory implements it.
 *
 * <p>For Partita's own modules: it is not in the {@code api} jar applications compile against, which gives them no
 * way to the node's identity; an application acts as the user its factory or activation names. Thread-safe.
 */
public interface NodeIdentity {

    /**
     * Kafka client configs for a client acting as the node: {@code bootstrap.servers}, {@code security.protocol} and
     * the {@code ssl.*} and {@code sasl.*} settings it needs. Every secret is a kafka-clients {@code Password}, whose
     * {@code toString()} is {@code [hidden]}, so the map may be logged.
     *
     * @throws ResourceException when the node of this server is not running
     */
    Map<String, Object> clientConfigs() throws ResourceException;
}
