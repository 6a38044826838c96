package io.partita.web.security;

import io.partita.web.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ServiceUnavailableException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Logs every API request in, with HTTP Basic credentials (scripts) or the token of a login session
 * ({@code Authorization: Bearer}, see {@link ApiSessions}: the console); no HTTP session. A token logs in with the role
 * its user has now, so a user removed since cannot go on with it. Requests without credentials get
 * 401 as {@code application/problem+json}, except to {@link #OPEN_PATHS} ({@code /node}, which
 * {@code bin/partita} polls for readiness). The challenge header is left out for the console's requests
 * (marked {@code X-Requested-With}), which keeps the browser's own login dialog away. A login that needs the node
 * (a SCRAM user's) while it is not running gets 503. Stateless.
 */
@ApplicationScoped
public class ApiAuthentication implements HttpAuthenticationMechanism {

    static final Set<String> OPEN_PATHS = Set.of("/node");
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    IdentityStoreHandler identities;

    @Inject
    ApiSessions sessions;

    @Inject
    Users users;

    /** The token of an {@code Authorization: Bearer} header; null for any other header or none. */
    static String bearerToken(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        String token = bearerToken(header);
        if (token != null) {
            try {
                return logInWith(token, request, response, context);
            } catch (ServiceUnavailableException nodeNotRunning) {
                return unavailable(request, response, nodeNotRunning);
            }
        }
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            ClientLogin credential = decode(header.substring(6).strip(), request.getRemoteAddr());
            if (credential != null) {
                CredentialValidationResult result;
                try {
                    result = identities.validate(credential);
                } catch (ServiceUnavailableException nodeNotRunning) {
                    return unavailable(request, response, nodeNotRunning);
                }
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    return context.notifyContainerAboutLogin(result);
                }
            }
            return unauthorized(request, response, "Wrong user name or password, or a user without a role");
        }
        if (OPEN_PATHS.contains(path(request))) return context.doNothing();
        return unauthorized(request, response, "Log in: the API needs a user name and password (HTTP Basic) or a session's token (Bearer)");
    }

    private AuthenticationStatus logInWith(String token, HttpServletRequest request, HttpServletResponse response,
                                           HttpMessageContext context) {
        Optional<String> user = sessions.user(token);
        Optional<Role> role = user.flatMap(name -> users.role(name, address(request.getRemoteAddr())));
        if (role.isEmpty()) return unauthorized(request, response, "The login session has ended (logged out or expired): log in again");
        return context.notifyContainerAboutLogin(user.get(), Set.of(role.get().roleName()));
    }

    // The remote address is an IP literal: no name is looked up.
    private static InetAddress address(String remoteAddress) {
        try {
            return InetAddress.getByName(remoteAddress);
        } catch (UnknownHostException notAnAddress) {
            throw new IllegalStateException("Not an IP address: " + remoteAddress, notAnAddress);
        }
    }

    private static ClientLogin decode(String encoded, String remoteAddress) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new ClientLogin(pair.substring(0, colon), pair.substring(colon + 1),
                    address(remoteAddress));
        } catch (IllegalArgumentException notDecodable) {
            return null;
        }
    }

    private static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response,
                                                     String detail) {
        if (request.getHeader("X-Requested-With") == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"partita\", charset=\"UTF-8\"");
        }
        return refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    private static AuthenticationStatus unavailable(HttpServletRequest request, HttpServletResponse response,
                                                    ServiceUnavailableException nodeNotRunning) {
        return refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                nodeNotRunning.getMessage());
    }

    // SEND_CONTINUE: the response is written and committed here, so the container adds no error page of its own.
    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, int status,
                                               String title, String detail) {
        try {
            response.setStatus(status);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSON.toJson(new Problem("about:blank", title, status, detail,
                    request.getRequestURI(), null, null)));
            response.flushBuffer();
        } catch (IOException clientGone) {
            // nothing left to tell the client
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
