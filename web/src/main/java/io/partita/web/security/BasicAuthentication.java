package io.partita.web.security;

import io.partita.web.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Logs every API request in with HTTP Basic credentials; stateless, no session. Requests without credentials get
 * 401 as {@code application/problem+json}, except to {@link #OPEN_PATHS} ({@code /node}, which
 * {@code bin/partita} polls for readiness). The challenge header is left out for the console's requests
 * (marked {@code X-Requested-With}), which keeps the browser's own login dialog away. Stateless.
 */
@ApplicationScoped
public class BasicAuthentication implements HttpAuthenticationMechanism {

    static final Set<String> OPEN_PATHS = Set.of("/node");
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    IdentityStoreHandler identities;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential = decode(header.substring(6).strip());
            if (credential != null) {
                CredentialValidationResult result = identities.validate(credential);
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    return context.notifyContainerAboutLogin(result);
                }
            }
            return unauthorized(request, response, "Wrong user name or password");
        }
        if (OPEN_PATHS.contains(path(request))) return context.doNothing();
        return unauthorized(request, response, "Log in: the API needs a user name and password (HTTP Basic)");
    }

    private static UsernamePasswordCredential decode(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new UsernamePasswordCredential(pair.substring(0, colon), pair.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    // SEND_CONTINUE: the response is written and committed here, so the container adds no error page of its own.
    private static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response,
                                                     String detail) {
        try {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            if (request.getHeader("X-Requested-With") == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"partita\", charset=\"UTF-8\"");
            }
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSON.toJson(new Problem("about:blank", "Unauthorized", 401, detail,
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
