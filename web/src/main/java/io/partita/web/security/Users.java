package io.partita.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users who may log in, from the users file named by system property {@value #FILE_PROPERTY} (set by
 * {@code bin/partita}; default {@code partita-users.properties} in the server's working directory).
 *
 * <p>Every API request carries its password (HTTP Basic), and a PBKDF2 check costs tens of milliseconds: a check
 * that passed is remembered as a SHA-256 of the password, for that user and that stored hash only, so changing the
 * file forgets it. Thread-safe.
 */
@ApplicationScoped
public class Users {

    public static final String FILE_PROPERTY = "partita.users.file";
    static final int ITERATIONS = 100_000;

    @Inject
    Pbkdf2PasswordHash hash;

    private UsersFile file;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

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
        return file.user(name).filter(user -> matches(user, password)).map(User::role);
    }

    /** The stored form of a new password. */
    String encode(String password) {
        return hash.generate(password.toCharArray());
    }

    private boolean matches(User user, String password) {
        if (user.plainPassword()) {
            return MessageDigest.isEqual(user.password().substring(User.PLAIN.length()).getBytes(StandardCharsets.UTF_8),
                    password.getBytes(StandardCharsets.UTF_8));
        }
        String key = user.name() + '\n' + user.password();
        byte[] digest = sha256(password);
        byte[] known = verified.get(key);
        if (known != null) return MessageDigest.isEqual(known, digest);
        boolean valid;
        try {
            valid = hash.verify(password.toCharArray(), user.password());
        } catch (RuntimeException malformed) {
            valid = false;
        }
        if (valid) verified.put(key, digest);
        return valid;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
