package io.partita.engine.protocol;

import io.netty.channel.Channel;
import io.partita.engine.security.PeerSecurity;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;

import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.util.concurrent.CompletableFuture;

/**
 * The SASL exchange of a new connection to another broker, as a Kafka client runs it: SaslHandshake with the
 * inter-broker mechanism, then SaslAuthenticate rounds until the mechanism completes. A refusal fails the
 * connection with the broker's message. Nothing to do on a listener without SASL.
 *
 * <p>Runs on the connection's event loop; one instance per connection attempt.
 */
final class PeerAuthentication {

    private final PeerConnection connection;
    private final Channel channel;
    private final PeerSecurity security;
    private final String host;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private SaslClient client;

    PeerAuthentication(PeerConnection connection, Channel channel, PeerSecurity security, String host) {
        this.connection = connection;
        this.channel = channel;
        this.security = security;
        this.host = host;
    }

    /** Completes when the connection is authenticated, exceptionally when it cannot be. */
    CompletableFuture<Void> run() {
        if (security.mechanism().isEmpty()) return CompletableFuture.completedFuture(null);
        String mechanism = security.mechanism().get();
        channel.eventLoop().execute(() -> connection.write(channel, new SaslHandshakeRequest.Builder(
                new SaslHandshakeRequestData().setMechanism(mechanism)).build(ApiKeys.SASL_HANDSHAKE.latestVersion()))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                        return;
                    }
                    SaslHandshakeResponse handshake = (SaslHandshakeResponse) response;
                    if (handshake.error() != Errors.NONE) {
                        fail(new SaslAuthenticationException("The broker at " + host + " does not accept " + mechanism
                                + " (it accepts " + handshake.data().mechanisms() + ")"));
                        return;
                    }
                    try {
                        client = security.saslClient(host);
                        send(client.evaluateChallenge(new byte[0]));
                    } catch (SaslException | RuntimeException e) {
                        fail(e);
                    }
                }));
        return done;
    }

    private void send(byte[] token) {
        connection.write(channel, new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData().setAuthBytes(token))
                .build(ApiKeys.SASL_AUTHENTICATE.latestVersion())).whenComplete((response, failure) -> {
            if (failure != null) {
                fail(failure);
                return;
            }
            SaslAuthenticateResponse answer = (SaslAuthenticateResponse) response;
            if (answer.error() != Errors.NONE) {
                fail(new SaslAuthenticationException("The broker at " + host + " refused this node's credentials: " + answer.errorMessage()));
                return;
            }
            try {
                if (client.isComplete()) {
                    finish();
                    return;
                }
                byte[] next = client.evaluateChallenge(answer.saslAuthBytes());
                if (client.isComplete() && next == null) finish();
                else send(next);
            } catch (SaslException | RuntimeException e) {
                fail(e);
            }
        });
    }

    private void finish() {
        dispose();
        done.complete(null);
    }

    private void fail(Throwable cause) {
        dispose();
        done.completeExceptionally(cause);
    }

    private void dispose() {
        try {
            if (client != null) client.dispose();
        } catch (SaslException ignored) {
            // nothing of it is kept
        }
    }
}
