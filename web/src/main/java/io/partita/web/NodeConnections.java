package io.partita.web;

import io.partita.ra.api.NodeInfo;
import io.partita.ra.api.NodeStats;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.host.NodeIdentities;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.resource.AdministeredObjectDefinition;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * This module's way to the node: the resource adapter's connection factory, and its administered object of the
 * node's identities for logins. The definitions name the standalone adapter {@code partita-rar}; the EAR's variant of
 * this war overrides them with {@code #partita-rar} in web.xml. Thread-safe.
 */
@ConnectionFactoryDefinition(
        name = NodeConnections.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction)
@AdministeredObjectDefinition(
        name = NodeConnections.IDENTITIES,
        interfaceName = "io.partita.ra.host.NodeIdentities",
        className = "io.partita.ra.AdapterNodeIdentities",
        resourceAdapter = "partita-rar")
@ApplicationScoped
public class NodeConnections {

    // Unlike the ejb module's: Payara validates same-named definitions of an EAR's modules as one.
    static final String CONNECTION_FACTORY = "java:module/partita/apiConnections";
    static final String IDENTITIES = "java:module/partita/identities";

    @Resource(lookup = CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource(lookup = IDENTITIES)
    private NodeIdentities identities;

    /** The node's SCRAM credentials and authorizer, for logins. */
    public NodeIdentities identities() {
        return identities;
    }

    /** The node's identity and state; fails when the node is not running. */
    public NodeInfo nodeInfo() throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            return connection.nodeInfo();
        }
    }

    /** The node's traffic since it started and its under-replicated partitions; fails when it is not running. */
    public NodeStats nodeStats() throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            return connection.nodeStats();
        }
    }
}
