package io.partita.ra.api;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;

import java.io.Serializable;

/**
 * What applications inject to reach the Partita node running in this server: define it with
 * {@code @ConnectionFactoryDefinition(interfaceName = "io.partita.ra.api.PartitaConnectionFactory", ...)} and
 * inject it with {@code @Resource(lookup = ...)}.
 *
 * <p>Thread-safe. Connections are cheap: take one per unit of work and close it.
 */
public interface PartitaConnectionFactory extends Serializable, Referenceable {

    /** A connection to this server's node; fails when the node is not running. */
    PartitaConnection getConnection() throws ResourceException;
}
