package io.partita.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Password checks that passed, remembered as a SHA-256 of the password under a key that names the user and their stored
 * credential: a PBKDF2 or SCRAM derivation costs tens of milliseconds, and a client (the admin API's every request)
 * that logs in again then costs one hash. A changed credential has another key, so its old password is not
 * remembered for it. Thread-safe.
 */
final class VerifiedPasswords {

    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    /**
     * Whether {@code password} is the one of the credential {@code key} names: as remembered, or else as
     * {@code derivation} finds (remembered when it matches).
     */
    boolean matches(String key, String password, Predicate<String> derivation) {
        byte[] digest = sha256(password);
        byte[] known = verified.get(key);
        if (known != null) return MessageDigest.isEqual(known, digest);
        boolean valid = derivation.test(password);
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
