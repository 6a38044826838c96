package io.partita.web.security;

import io.partita.engine.security.Credentials;
import io.partita.engine.security.UsersFile;
import io.partita.ra.host.NodeLogins;
import io.partita.web.NodeConnections;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.ServiceUnavailableException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.security.scram.ScramCredential;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The users who may log in, and their roles: the users of the users file named by system property
 * {@value #FILE_PROPERTY} (set by {@code bin/partita}; default {@code partita-users.properties} in the server's working
 * directory), and the users with SCRAM credentials in the cluster metadata. Passwords are checked by the engine's
 * {@link Credentials}, as the node's SASL/PLAIN checks them: a user of the file against the file (or, when their line's
 * password is {@code scram}, against their SCRAM credential), anyone else against their SCRAM credential.
 *
 * <p>A user's role is their line's in the users file; a SCRAM user without a line gets theirs from the node's ACLs, for
 * the address they connect from: ALTER on the cluster makes an admin, DESCRIBE on it a viewer, neither (or a node
 * without an authorizer) no role, so no login.
 *
 * <p>Every API request carries its password (HTTP Basic); checks that passed are remembered, so only the first costs a
 * PBKDF2 or SCRAM derivation. Thread-safe.
 */
@ApplicationScoped
public class Users {

    public static final String FILE_PROPERTY = "partita.users.file";
    static final int ITERATIONS = 100_000;

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    NodeConnections node;

    private UsersFile file;
    private Credentials credentials;

    @PostConstruct
    void init() {
        file = new UsersFile(Path.of(System.getProperty(FILE_PROPERTY, "partita-users.properties")).toAbsolutePath());
        credentials = new Credentials(Optional.of(file), this::scramCredential);
        hash.initialize(Map.of("Pbkdf2PasswordHash.Iterations", String.valueOf(ITERATIONS)));
    }

    Path file() {
        return file.path();
    }

    /**
     * The user's role when the password is theirs and they have one.
     *
     * @throws ServiceUnavailableException when the node must be asked and is not running
     */
    Optional<Role> authenticate(String name, String password, InetAddress from) {
        return credentials.plainMatches(name, password) ? role(name, from) : Optional.empty();
    }

    /**
     * The role the user has now, with no password checked: for a login session opened with one earlier.
     *
     * @throws ServiceUnavailableException when the node must be asked and is not running
     */
    Optional<Role> role(String name, InetAddress from) {
        Optional<UsersFile.User> line = file.user(name);
        return line.isPresent() ? Role.named(line.get().role()) : roleFromAcls(name, from);
    }

    /** The stored form of a new password. */
    String encode(String password) {
        return hash.generate(password.toCharArray());
    }

    private Optional<Role> roleFromAcls(String name, InetAddress from) {
        NodeLogins logins = node.logins();
        try {
            if (!logins.checksAcls()) return Optional.empty();
            if (logins.allowedOnCluster(name, from, AclOperation.ALTER)) return Optional.of(Role.ADMIN);
            if (logins.allowedOnCluster(name, from, AclOperation.DESCRIBE)) return Optional.of(Role.VIEWER);
            return Optional.empty();
        } catch (ResourceException e) {
            throw notRunning(e);
        }
    }

    private Optional<ScramCredential> scramCredential(String name, String mechanism) {
        try {
            return node.logins().scramCredential(name, mechanism);
        } catch (ResourceException e) {
            throw notRunning(e);
        }
    }

    private static ServiceUnavailableException notRunning(ResourceException e) {
        return new ServiceUnavailableException("The node cannot check this login: " + e.getMessage());
    }
}
