package io.partita.engine.security;

import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCredentialCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Makes kafka-clients' SASL servers (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) that look users up in {@link Credentials}.
 * Delegation tokens are not served: a SCRAM client asking for token authentication finds no credential.
 * Stateless apart from the credentials; thread-safe.
 */
final class SaslServers {

    /** The mechanisms a server can be made for. */
    static final List<String> MECHANISMS = List.of(PlainSaslServer.PLAIN_MECHANISM,
            ScramMechanism.SCRAM_SHA_256.mechanismName(), ScramMechanism.SCRAM_SHA_512.mechanismName());

    private final Credentials credentials;

    SaslServers(Credentials credentials) {
        this.credentials = credentials;
    }

    /** A new server for one authentication with {@code mechanism}, one of {@link #MECHANISMS}. */
    SaslServer create(String mechanism) throws SaslException {
        if (PlainSaslServer.PLAIN_MECHANISM.equals(mechanism)) return new PlainSaslServer(this::answerPlain);
        try {
            return new ScramSaslServer(ScramMechanism.forMechanismName(mechanism), Map.of(), callbacks -> answerScram(mechanism, callbacks));
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException("The JVM lacks the hash of " + mechanism, e);
        }
    }

    /** Answers PLAIN's one question: is this the user's password. */
    private void answerPlain(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                user = name.getDefaultName();
            } else if (callback instanceof PlainAuthenticateCallback plain) {
                plain.authenticated(user != null && credentials.plainMatches(user, new String(plain.password())));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    /** Hands SCRAM the stored credential of the user it names. */
    private void answerScram(String mechanism, Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                user = name.getDefaultName();
            } else if (callback instanceof DelegationTokenCredentialCallback) {
                // no delegation tokens: the credential stays unset and the server refuses
            } else if (callback instanceof ScramCredentialCallback scram) {
                if (user != null) credentials.scram(user, mechanism).ifPresent(scram::scramCredential);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
