package io.partita.engine.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users file: one user a line, {@code name=role:password}, where role is {@code admin} or {@code viewer} and
 * password is a {@code PBKDF2WithHmacSHA256:iterations:salt:hash} encoding (the form of Jakarta Security's
 * {@code Pbkdf2PasswordHash}; {@code bin/partita hash-password} makes one), {@code plain:<text>}, or
 * {@value #SCRAM_PASSWORD}: the user's password is the one of their SCRAM credential in the cluster metadata (the line
 * only gives a SCRAM user their role). Blank lines and lines starting with {@code #} are ignored. The file is read
 * again when it changes, so users can be added without a restart; a file that does not exist (yet) has no users.
 *
 * <p>A check that passed is remembered ({@link VerifiedPasswords}) for that user and that stored hash only. Thread-safe.
 */
public final class UsersFile {

    /** The roles a line may name. */
    public static final Set<String> ROLES = Set.of("admin", "viewer");

    /** The password of a line whose user logs in with the password of their SCRAM credential. */
    public static final String SCRAM_PASSWORD = "scram";

    /** One line of the file. Immutable. */
    public record User(String name, String role, String password) {

        /** Whether the user's password is the one of their SCRAM credential rather than one of this file. */
        public boolean passwordIsScram() {
            return SCRAM_PASSWORD.equals(password);
        }
    }

    private final Path path;
    private final VerifiedPasswords verified = new VerifiedPasswords();
    private FileTime readAt;
    private Map<String, User> users = Map.of();

    public UsersFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * The user named {@code name}, from the file as it is now.
     *
     * @throws UncheckedIOException  when the file exists but cannot be read
     * @throws IllegalStateException naming the line when a line is malformed
     */
    public synchronized Optional<User> user(String name) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(readAt)) {
                users = parse(Files.readAllLines(path, StandardCharsets.UTF_8));
                readAt = modified;
            }
        } catch (NoSuchFileException e) {
            users = Map.of();
            readAt = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the users file " + path, e);
        }
        return Optional.ofNullable(users.get(name));
    }

    /** Whether {@code password} is the password of {@code user}, a user of this file. */
    public boolean passwordMatches(User user, String password) {
        return verified.matches(user.name() + '\n' + user.password(), password, typed -> StoredPassword.matches(user.password(), typed));
    }

    private Map<String, User> parse(List<String> lines) {
        Map<String, User> parsed = new HashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int equals = line.indexOf('=');
            int colon = line.indexOf(':', equals + 1);
            if (equals <= 0 || colon < 0) throw invalid(number, "expected name=role:password");
            String name = line.substring(0, equals).strip();
            String role = line.substring(equals + 1, colon).strip();
            if (!ROLES.contains(role)) throw invalid(number, "unknown role '" + role + "' (admin or viewer)");
            parsed.put(name, new User(name, role, line.substring(colon + 1).strip()));
        }
        return parsed;
    }

    private IllegalStateException invalid(int line, String why) {
        return new IllegalStateException("Users file " + path + ", line " + line + ": " + why);
    }
}
