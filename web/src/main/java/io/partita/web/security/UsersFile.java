package io.partita.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users file: one user a line, {@code name=role:password}, where role is {@code admin} or {@code viewer} and
 * password is a {@code PBKDF2WithHmacSHA256:iterations:salt:hash} encoding (Jakarta Security's
 * {@code Pbkdf2PasswordHash}; {@code bin/partita hash-password} makes one) or {@code plain:<text>}. Blank lines and
 * lines starting with {@code #} are ignored. The file is read again when it changes, so users can be added
 * without a restart.
 *
 * <p>Thread-safe.
 */
final class UsersFile {

    private final Path path;
    private FileTime readAt;
    private Map<String, User> users = Map.of();

    UsersFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    synchronized Optional<User> user(String name) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(readAt)) {
                users = parse(Files.readAllLines(path, StandardCharsets.UTF_8));
                readAt = modified;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the users file " + path, e);
        }
        return Optional.ofNullable(users.get(name));
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
            String roleName = line.substring(equals + 1, colon);
            Role role = Role.named(roleName).orElseThrow(() -> invalid(number, "unknown role '" + roleName.strip()
                    + "' (admin or viewer)"));
            parsed.put(name, new User(name, role, line.substring(colon + 1).strip()));
        }
        return parsed;
    }

    private IllegalStateException invalid(int line, String why) {
        return new IllegalStateException("Users file " + path + ", line " + line + ": " + why);
    }
}
