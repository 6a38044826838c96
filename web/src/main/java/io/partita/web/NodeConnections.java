package io.partita.web;

import io.partita.engine.share.SharePartitionView;
import io.partita.ra.api.NodeInfo;
import io.partita.ra.api.NodeStats;
import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.host.ActivationStatus;
import io.partita.ra.host.NodeActivations;
import io.partita.ra.host.NodeLogins;
import io.partita.ra.host.NodeIdentity;
import io.partita.ra.host.NodeShareGroups;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.resource.AdministeredObjectDefinition;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * This module's way to the node: the resource adapter's connection factory, and its administered objects of the
 * node's logins (users' SCRAM credentials and the authorizer), of its message-driven beans' activations and of its
 * share groups' partitions. The definitions name the standalone adapter
 * {@code partita-rar}; the EAR's variant of this war overrides them with {@code #partita-rar} in web.xml. Thread-safe.
 */
@ConnectionFactoryDefinition(
        name = NodeConnections.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.NoTransaction)
@AdministeredObjectDefinition(
        name = NodeConnections.LOGINS,
        interfaceName = "io.partita.ra.host.NodeLogins",
        className = "io.partita.ra.AdapterNodeLogins",
        resourceAdapter = "partita-rar")
@AdministeredObjectDefinition(
        name = NodeConnections.ACTIVATIONS,
        interfaceName = "io.partita.ra.host.NodeActivations",
        className = "io.partita.ra.AdapterNodeActivations",
        resourceAdapter = "partita-rar")
@AdministeredObjectDefinition(
        name = NodeConnections.SHARE_GROUPS,
        interfaceName = "io.partita.ra.host.NodeShareGroups",
        className = "io.partita.ra.AdapterNodeShareGroups",
        resourceAdapter = "partita-rar")
@ApplicationScoped
public class NodeConnections {

    // Unlike the ejb module's: Payara validates same-named definitions of an EAR's modules as one.
    static final String CONNECTION_FACTORY = "java:module/partita/apiConnections";
    static final String LOGINS = "java:module/partita/logins";
    static final String ACTIVATIONS = "java:module/partita/activations";
    static final String SHARE_GROUPS = "java:module/partita/shareGroups";

    @Resource(lookup = CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource(lookup = LOGINS)
    private NodeLogins logins;

    @Resource(lookup = ACTIVATIONS)
    private NodeActivations activations;

    @Resource(lookup = SHARE_GROUPS)
    private NodeShareGroups shareGroups;

    /** The node's SCRAM credentials and authorizer, for logins. */
    public NodeLogins logins() {
        return logins;
    }

    /** The readiness and counts of every message-driven bean's activation on the node, by name. */
    public List<ActivationStatus> activations() {
        return activations.activations();
    }

    /**
     * Where share group {@code groupId} stands in every partition of {@code topics}, as the node knows it ({@link
     * NodeShareGroups}); fails when the node is not running, or with a share coordinator's error.
     */
    public List<SharePartitionView> sharePartitions(String groupId, Collection<String> topics, Duration wait)
            throws ResourceException {
        return shareGroups.partitions(groupId, topics, wait);
    }

    /** The node's identity and state; fails when the node is not running. */
    public NodeInfo nodeInfo() throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            return connection.nodeInfo();
        }
    }

    /**
     * Kafka client configs with which this module's clients act as the node itself: its inter-broker listener and
     * identity ({@link NodeIdentity}); fails when the node is not running.
     */
    public Map<String, Object> nodeClientConfigs() throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            // The adapter's connections carry the node's identity for Partita's own modules, outside the api jar.
            return ((NodeIdentity) connection).clientConfigs();
        }
    }

    /** The node's traffic since it started and its under-replicated partitions; fails when it is not running. */
    public NodeStats nodeStats() throws ResourceException {
        return ask(PartitaConnection::nodeStats);
    }

    /** Something asked of the node through one of the adapter's connections. */
    @FunctionalInterface
    public interface Question<T> {
        T of(PartitaConnection connection) throws ResourceException;
    }

    /** The answer to {@code question} (the node's metrics history, say); fails when the node is not running. */
    public <T> T ask(Question<T> question) throws ResourceException {
        try (PartitaConnection connection = partita.getConnection()) {
            return question.of(connection);
        }
    }
}
