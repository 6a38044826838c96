package io.partita.engine.it;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Requests about authentication: the SASL exchange (on the shared broker's PLAINTEXT listener, where Kafka answers
 * it ILLEGAL_SASL_STATE) and SCRAM credentials.
 */
final class SecurityApiRequests {

    private static final String USER = "every-api-version";
    private static final byte[] SALT = "a-salt-of-the-test".getBytes(StandardCharsets.UTF_8);

    private SecurityApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.SASL_HANDSHAKE, ApiRequests.of((f, v) -> new SaslHandshakeRequestData().setMechanism("PLAIN"),
                        Errors.ILLEGAL_SASL_STATE),
                ApiKeys.SASL_AUTHENTICATE, ApiRequests.of((f, v) -> new SaslAuthenticateRequestData()
                        .setAuthBytes("\0user\0password".getBytes(StandardCharsets.UTF_8)), Errors.ILLEGAL_SASL_STATE),
                ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, ApiRequests.of((f, v) -> new AlterUserScramCredentialsRequestData()
                        .setUpsertions(List.of(new ScramCredentialUpsertion().setName(USER)
                                .setMechanism(ScramMechanism.SCRAM_SHA_256.type()).setIterations(4096).setSalt(SALT)
                                .setSaltedPassword(new ScramFormatter(ScramMechanism.SCRAM_SHA_256).saltedPassword("secret", SALT, 4096))))),
                ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, ApiRequests.of((f, v) -> new DescribeUserScramCredentialsRequestData()
                        .setUsers(null)));
    }
}
