package io.partita.engine.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks a password against its stored form in the users file: {@code plain:<text>}, or
 * {@code <PBKDF2 algorithm>:<iterations>:<base64 salt>:<base64 hash>} as Jakarta Security's
 * {@code Pbkdf2PasswordHash} writes it. A malformed stored form matches no password. Stateless.
 */
final class StoredPassword {

    static final String PLAIN = "plain:";

    private StoredPassword() {
    }

    static boolean matches(String stored, String password) {
        if (stored.startsWith(PLAIN)) {
            return MessageDigest.isEqual(stored.substring(PLAIN.length()).getBytes(StandardCharsets.UTF_8),
                    password.getBytes(StandardCharsets.UTF_8));
        }
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].startsWith("PBKDF2")) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[1]), hash.length * 8);
            byte[] computed = SecretKeyFactory.getInstance(parts[0]).generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(hash, computed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
