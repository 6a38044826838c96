package io.partita.web.audit;

import io.partita.web.problem.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Logs every change asked of the API ({@code POST}, {@code PUT}, {@code DELETE}), made or refused, as one line of
 * the audit logger {@value #LOGGER_NAME}, in the engine's audit format with {@code via=rest} and the logged-in
 * user: {@code time=... via=rest user=alice source=10.0.0.7 action=DELETE resource=/api/topics/orders outcome=ok
 * status=204}. The outcome is {@code ok}, the Kafka error the node answered ({@code TOPIC_ALREADY_EXISTS}), or the
 * HTTP status's name ({@code FORBIDDEN}); the resource keeps its query ({@code ?dryRun=true}, {@code ?mechanism=...});
 * a problem's detail follows as {@code message}. The engine logs the same
 * change once more, as {@code via=kafka} from this module's own client ({@code client=partita-api-admin}): this
 * line is the one that names the user. Stateless.
 */
@Provider
public class ChangeAudit implements ContainerResponseFilter {

    static final String LOGGER_NAME = "io.partita.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (READS.contains(request.getMethod())) return;
        Principal user = request.getSecurityContext().getUserPrincipal();
        Problem problem = response.getEntity() instanceof Problem p ? p : null;
        KeyValueLine line = new KeyValueLine()
                .add("time", Instant.now().toString())
                .add("via", "rest")
                .add("user", user == null ? null : user.getName())
                .add("source", http == null ? null : http.getRemoteAddr())
                .add("action", request.getMethod())
                .add("resource", resource(request.getUriInfo().getRequestUri()))
                .add("outcome", outcome(response.getStatus(), problem))
                .add("status", String.valueOf(response.getStatus()));
        if (problem != null && problem.detail() != null) line.add("message", problem.detail());
        LOG.info(line.toString());
    }

    /** The path, with its query when there is one: a reset's {@code ?dryRun=true} changes nothing. */
    private static String resource(URI uri) {
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static String outcome(int status, Problem problem) {
        if (status < 400) return "ok";
        if (problem != null && problem.errorName() != null) return problem.errorName();
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP_" + status : known.name();
    }
}
