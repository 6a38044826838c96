package io.partita.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * On the first start without a users file: creates one with user {@code admin} and a random password, stored
 * hashed, and writes the password once, readable by the owner only, to {@value #PASSWORD_FILE} beside it, where
 * {@code bin/partita} prints it and deletes it. There is never a fixed default password. Stateless.
 */
@ApplicationScoped
public class InitialAdmin {

    static final String USER = "admin";
    static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = Logger.getLogger(InitialAdmin.class.getName());

    @Inject
    Users users;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        Path file = users.file();
        if (Files.exists(file)) return;
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path passwordFile = file.resolveSibling(PASSWORD_FILE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writePrivately(passwordFile, password + "\n");
            writePrivately(file, "# Partita users: name=role:password (role admin or viewer; password scram: the user's SCRAM credential)\n"
                    + USER + "=" + Role.ADMIN_NAME + ":" + users.encode(password) + "\n");
        } catch (FileAlreadyExistsException anotherNodeWasFaster) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the users file " + file, e);
        }
        LOG.warning("No users were configured: created " + file + " with user '" + USER
                + "' and a generated password, written once to " + passwordFile);
    }

    private static void writePrivately(Path path, String content) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
        }
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }
}
