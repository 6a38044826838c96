package io.partita.web.security;

import io.partita.engine.security.UsersFile;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The users who may log in, from the users file named by system property {@value #FILE_PROPERTY} (set by
 * {@code bin/partita}; default {@code partita-users.properties} in the server's working directory), read by the
 * engine's {@link UsersFile} (the node's SASL/PLAIN reads the same file through it).
 *
 * <p>Every API request carries its password (HTTP Basic); {@link UsersFile} remembers the checks that passed, so only
 * the first costs a PBKDF2 hash. Thread-safe.
 */
@ApplicationScoped
public class Users {

    public static final String FILE_PROPERTY = "partita.users.file";
    static final int ITERATIONS = 100_000;

    @Inject
    Pbkdf2PasswordHash hash;

    private UsersFile file;

    @PostConstruct
    void init() {
        file = new UsersFile(Path.of(System.getProperty(FILE_PROPERTY, "partita-users.properties")).toAbsolutePath());
        hash.initialize(Map.of("Pbkdf2PasswordHash.Iterations", String.valueOf(ITERATIONS)));
    }

    Path file() {
        return file.path();
    }

    /** The user's role when the password is theirs. */
    Optional<Role> authenticate(String name, String password) {
        return file.user(name).filter(user -> file.passwordMatches(user, password)).flatMap(user -> Role.named(user.role()));
    }

    /** The stored form of a new password. */
    String encode(String password) {
        return hash.generate(password.toCharArray());
    }
}
