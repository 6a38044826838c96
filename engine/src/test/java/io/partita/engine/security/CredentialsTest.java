package io.partita.engine.security;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password checks against a real users file and SCRAM credentials made by kafka-clients' own formatter, as the
 * cluster metadata would hold them.
 */
class CredentialsTest {

    @TempDir
    Path dir;

    /** SCRAM credentials by user and mechanism, as the metadata store holds them now. */
    private final Map<String, ScramCredential> stored = new ConcurrentHashMap<>();

    @Test
    void aScramUsersPasswordIsCheckedAgainstTheirStrongestCredentialAndAChangedOneForgetsTheOldPassword() throws Exception {
        Credentials credentials = credentials("");
        store("sam", ScramMechanism.SCRAM_SHA_256, "old-password");
        assertThat(credentials.plainMatches("sam", "old-password")).isTrue();
        assertThat(credentials.plainMatches("sam", "wrong")).isFalse();

        store("sam", ScramMechanism.SCRAM_SHA_512, "new-password");
        assertThat(credentials.plainMatches("sam", "old-password")).as("the SHA-512 credential is checked first").isFalse();
        assertThat(credentials.plainMatches("sam", "new-password")).isTrue();

        store("sam", ScramMechanism.SCRAM_SHA_512, "newest-password");
        assertThat(credentials.plainMatches("sam", "new-password")).as("remembered for the credential it matched only").isFalse();
        assertThat(credentials.plainMatches("sam", "newest-password")).isTrue();
    }

    @Test
    void aUsersFileLineDecidesUnlessItsPasswordIsScram() throws Exception {
        Credentials credentials = credentials("ann=admin:plain:file-password\nrita=viewer:scram\n");
        store("ann", ScramMechanism.SCRAM_SHA_512, "scram-password");
        store("rita", ScramMechanism.SCRAM_SHA_512, "rita-password");

        assertThat(credentials.plainMatches("ann", "file-password")).isTrue();
        assertThat(credentials.plainMatches("ann", "scram-password")).as("the file's user is checked against the file").isFalse();
        assertThat(credentials.plainMatches("rita", "rita-password")).isTrue();
        assertThat(credentials.plainMatches("rita", "scram")).isFalse();
        assertThat(credentials.plainMatches("nobody", "scram")).isFalse();
    }

    private Credentials credentials(String usersFile) throws Exception {
        Path file = Files.writeString(dir.resolve("users.properties"), usersFile);
        return new Credentials(Optional.of(new UsersFile(file)),
                (user, mechanism) -> Optional.ofNullable(stored.get(user + " " + mechanism)));
    }

    private void store(String user, ScramMechanism mechanism, String password) throws Exception {
        stored.put(user + " " + mechanism.mechanismName(), new ScramFormatter(mechanism).generateCredential(password, 4096));
    }
}
