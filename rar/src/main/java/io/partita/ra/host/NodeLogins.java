package io.partita.ra.host;

import jakarta.resource.ResourceException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.security.scram.ScramCredential;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What Partita's admin API logs users in with: the users' SCRAM credentials in the cluster metadata (salted and
 * hashed; never a password) and what the node's authorizer allows a user on the cluster. The API looks it up as an
 * administered object of the resource adapter.
 *
 * <p>For Partita's own modules: it is not in the {@code api} jar applications compile against. Thread-safe.
 */
public interface NodeLogins {

    /**
     * The SCRAM credential of {@code user} for {@code mechanism} ({@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}), if
     * one is stored.
     *
     * @throws ResourceException when the node of this server is not running
     */
    Optional<ScramCredential> scramCredential(String user, String mechanism) throws ResourceException;

    /**
     * Whether the node checks requests against ACLs ({@code authorizer.class.name} is set).
     *
     * @throws ResourceException when the node of this server is not running
     */
    boolean checksAcls() throws ResourceException;

    /**
     * Whether the node's authorizer lets {@code User:<user>}, connecting from {@code from}, perform {@code operation} on
     * the cluster ({@code super.users}, the ACLs, {@code allow.everyone.if.no.acl.found}); always true when the node
     * checks no ACLs, as in Kafka.
     *
     * @throws ResourceException when the node of this server is not running
     */
    boolean allowedOnCluster(String user, InetAddress from, AclOperation operation) throws ResourceException;
}
