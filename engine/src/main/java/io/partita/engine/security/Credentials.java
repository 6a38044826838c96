package io.partita.engine.security;

import io.partita.engine.logging.RepeatedFailureLog;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Who may authenticate with a password (SASL, and the admin API's logins): the users of the node's users file (PLAIN
 * only: the file keeps no SCRAM credential) and the users with SCRAM credentials in the cluster metadata (SCRAM, and
 * PLAIN checked against a SCRAM credential). A user in the users file is checked against the file only, unless their
 * line's password is {@value UsersFile#SCRAM_PASSWORD}: then against their SCRAM credential.
 *
 * <p>A users file that cannot be read is logged once per interval with a count, and accepts nobody meanwhile. SCRAM
 * checks that passed are remembered ({@link VerifiedPasswords}) per credential. Thread-safe.
 */
public final class Credentials {

    private static final System.Logger LOG = System.getLogger(Credentials.class.getName());
    /** PLAIN is checked against the strongest SCRAM credential the user has. */
    private static final List<ScramMechanism> PLAIN_CHECK_ORDER = List.of(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256);

    private final Optional<UsersFile> usersFile;
    private final BiFunction<String, String, Optional<ScramCredential>> scram;
    private final RepeatedFailureLog unreadableFile = new RepeatedFailureLog(LOG, "Reading the users file", 30_000);
    private final VerifiedPasswords verified = new VerifiedPasswords();

    /** @param scram the SCRAM credential of a user (first argument) for a mechanism (second), if stored */
    public Credentials(Optional<UsersFile> usersFile, BiFunction<String, String, Optional<ScramCredential>> scram) {
        this.usersFile = usersFile;
        this.scram = scram;
    }

    /** Whether {@code password} is the password of {@code user}. */
    public boolean plainMatches(String user, String password) {
        if (usersFile.isPresent()) {
            try {
                Optional<UsersFile.User> fromFile = usersFile.get().user(user);
                unreadableFile.succeeded();
                if (fromFile.isPresent() && !fromFile.get().passwordIsScram()) {
                    return usersFile.get().passwordMatches(fromFile.get(), password);
                }
            } catch (RuntimeException e) {
                unreadableFile.failed(e);
                return false;
            }
        }
        for (ScramMechanism mechanism : PLAIN_CHECK_ORDER) {
            Optional<ScramCredential> credential = scram.apply(user, mechanism.mechanismName());
            if (credential.isPresent()) {
                String key = user + '\n' + mechanism.mechanismName() + '\n' + Base64.getEncoder().encodeToString(credential.get().storedKey());
                return verified.matches(key, password, typed -> scramMatches(mechanism, credential.get(), typed));
            }
        }
        return false;
    }

    /** The user's SCRAM credential for {@code mechanism}, if stored. */
    public Optional<ScramCredential> scram(String user, String mechanism) {
        return scram.apply(user, mechanism);
    }

    /** The password salted as the credential was: both keys derived from it must be the stored ones. */
    private static boolean scramMatches(ScramMechanism mechanism, ScramCredential credential, String password) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = formatter.saltedPassword(password, credential.salt(), credential.iterations());
            return MessageDigest.isEqual(formatter.storedKey(formatter.clientKey(salted)), credential.storedKey())
                    & MessageDigest.isEqual(formatter.serverKey(salted), credential.serverKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
