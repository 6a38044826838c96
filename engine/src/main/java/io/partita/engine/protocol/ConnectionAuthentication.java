package io.partita.engine.protocol;

import io.partita.engine.security.ListenerSecurity;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.net.ssl.SSLSession;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Who a connection is, and the SASL exchange that establishes it, as Kafka's broker runs it. On a listener without
 * SASL the principal follows from the TLS session (a client certificate) or is ANONYMOUS. On a SASL listener a new
 * connection may send ApiVersions and SaslHandshake, then only SaslAuthenticate until the mechanism completes;
 * anything else closes it, as does a failed authentication (answered SASL_AUTHENTICATION_FAILED with the reason
 * first) or an unsupported mechanism (answered UNSUPPORTED_SASL_MECHANISM). Once authenticated the connection may
 * re-authenticate (KIP-368: SaslHandshake and SaslAuthenticate again, as the same principal); with
 * {@code connections.max.reauth.ms} set, each authentication answers the session's lifetime, and a request other than
 * SaslHandshake arriving after it ended closes the connection.
 *
 * <p>Confined to the connection's event loop.
 */
final class ConnectionAuthentication {

    /** What the connection does with a request. */
    enum Verdict { SERVE, AUTHENTICATE, CLOSE }

    private enum State { AWAITING_HANDSHAKE, AUTHENTICATING, AUTHENTICATED }

    private final ListenerSecurity security;
    private final InetAddress client;
    private final Supplier<Optional<SSLSession>> tls;
    private State state;
    /** Set by a completed SASL authentication, or on a listener without SASL at the first request. */
    private KafkaPrincipal principal;
    private SaslServer server;
    private String mechanism;
    /** {@link System#nanoTime()} at which the SASL session ends; {@link Long#MAX_VALUE} for never. */
    private long sessionEndsNanos = Long.MAX_VALUE;
    private boolean closeAfterAnswer;

    /** @param tls the connection's TLS session once its handshake is done (empty without TLS) */
    ConnectionAuthentication(ListenerSecurity security, InetAddress client, Supplier<Optional<SSLSession>> tls) {
        this.security = security;
        this.client = client;
        this.tls = tls;
        this.state = security.listener().sasl() ? State.AWAITING_HANDSHAKE : State.AUTHENTICATED;
    }

    ListenerSecurity security() {
        return security;
    }

    /** The principal requests act as; ANONYMOUS before a SASL authentication completes. */
    KafkaPrincipal principal() {
        if (principal != null) return principal;
        if (security.listener().sasl()) return KafkaPrincipal.ANONYMOUS;
        // Without SASL the TLS handshake, done before the first request arrives, decides.
        principal = security.principal(tls.get(), client);
        return principal;
    }

    /** What to do with a request of {@code api} arriving at {@code nowNanos}. */
    Verdict check(ApiKeys api, long nowNanos) {
        return switch (state) {
            case AWAITING_HANDSHAKE -> api == ApiKeys.API_VERSIONS ? Verdict.SERVE
                    : api == ApiKeys.SASL_HANDSHAKE ? Verdict.AUTHENTICATE : Verdict.CLOSE;
            case AUTHENTICATING -> api == ApiKeys.SASL_AUTHENTICATE ? Verdict.AUTHENTICATE : Verdict.CLOSE;
            case AUTHENTICATED -> {
                if (security.listener().sasl() && api == ApiKeys.SASL_HANDSHAKE) yield Verdict.AUTHENTICATE;
                yield nowNanos - sessionEndsNanos >= 0 && sessionEndsNanos != Long.MAX_VALUE ? Verdict.CLOSE : Verdict.SERVE;
            }
        };
    }

    /** Why {@link #check} said CLOSE, for the log. */
    String closeReason(ApiKeys api) {
        return state == State.AUTHENTICATED ? "its SASL session expired (" + principal + ")"
                : "unexpected " + api + " request during SASL authentication";
    }

    /** Whether the answer just given must be followed by closing the connection (a failed authentication). */
    boolean closeAfterAnswer() {
        return closeAfterAnswer;
    }

    /** Answers a SaslHandshake or SaslAuthenticate that {@link #check} said to AUTHENTICATE. */
    AbstractResponse authenticate(AbstractRequest request, long nowNanos) {
        return request instanceof SaslHandshakeRequest handshake ? handshake(handshake) : exchange((SaslAuthenticateRequest) request, nowNanos);
    }

    private AbstractResponse handshake(SaslHandshakeRequest request) {
        String wanted = request.data().mechanism();
        SaslHandshakeResponseData data = new SaslHandshakeResponseData().setMechanisms(security.mechanisms());
        if (!security.mechanisms().contains(wanted) || (principal != null && mechanism != null && !mechanism.equals(wanted))) {
            closeAfterAnswer = true;
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        try {
            server = security.saslServer(wanted);
        } catch (SaslException e) {
            closeAfterAnswer = true;
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        mechanism = wanted;
        state = State.AUTHENTICATING;
        return new SaslHandshakeResponse(data.setErrorCode(Errors.NONE.code()));
    }

    private AbstractResponse exchange(SaslAuthenticateRequest request, long nowNanos) {
        try {
            byte[] challenge = server.evaluateResponse(request.data().authBytes());
            SaslAuthenticateResponseData data = new SaslAuthenticateResponseData().setErrorCode(Errors.NONE.code())
                    .setAuthBytes(challenge == null ? new byte[0] : challenge);
            if (!server.isComplete()) return new SaslAuthenticateResponse(data);
            KafkaPrincipal authenticated = security.principal(server, tls.get(), client);
            if (principal != null && !principal.equals(authenticated)) {
                throw new SaslAuthenticationException("Cannot change principals during re-authentication from " + principal
                        + " to " + authenticated);
            }
            principal = authenticated;
            state = State.AUTHENTICATED;
            disposeServer();
            if (security.reauthMs() > 0) {
                sessionEndsNanos = nowNanos + security.reauthMs() * 1_000_000;
                // v0 cannot tell the lifetime; such a client cannot re-authenticate and is closed at the end, as by Kafka.
                if (request.version() >= 1) data.setSessionLifetimeMs(security.reauthMs());
            }
            return new SaslAuthenticateResponse(data);
        } catch (SaslAuthenticationException e) {
            return failed(e.getMessage());
        } catch (SaslException | RuntimeException e) {
            return failed("Authentication failed during authentication due to invalid credentials with SASL mechanism " + mechanism);
        }
    }

    private AbstractResponse failed(String message) {
        closeAfterAnswer = true;
        disposeServer();
        return new SaslAuthenticateResponse(new SaslAuthenticateResponseData()
                .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(message).setAuthBytes(new byte[0]));
    }

    private void disposeServer() {
        try {
            if (server != null) server.dispose();
        } catch (SaslException ignored) {
            // nothing of it is kept
        }
        server = null;
    }

    /**
     * SaslHandshake and SaslAuthenticate reaching the APIs: on a listener without SASL, or SaslAuthenticate outside
     * an exchange. Kafka answers them ILLEGAL_SASL_STATE.
     */
    static ApiHandler outOfPlace() {
        return (context, request) -> CompletableFuture.completedFuture(request.getErrorResponse(
                new IllegalSaslStateException("Unexpected " + request.apiKey() + " request: the connection is not authenticating")));
    }
}
