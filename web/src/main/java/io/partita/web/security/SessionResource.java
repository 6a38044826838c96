package io.partita.web.security;

import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/sessions}: log in once with a password (HTTP Basic) and use the token answered instead
 * ({@code Authorization: Bearer}); {@code DELETE /api/sessions/current} logs that token out. Viewers too: this is the
 * one change a viewer may ask for ({@link WriteAccess}). A token opens no further session, so no session outlives
 * {@link ApiSessions#LIFETIME}.
 */
@Path("sessions")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Context
    SecurityContext security;

    @Inject
    ApiSessions sessions;

    @POST
    @Operation(summary = "Log in with a password: a token for the following requests")
    public Response open(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (ApiAuthentication.bearerToken(authorization) != null) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "A session is opened with a user name and password (HTTP Basic), not with a token");
        }
        String role = security.isUserInRole(Role.ADMIN_NAME) ? Role.ADMIN_NAME : Role.VIEWER_NAME;
        return Response.status(Response.Status.CREATED)
                .entity(sessions.open(security.getUserPrincipal().getName(), role)).build();
    }

    @DELETE
    @Path("current")
    @Operation(summary = "Log out: the token of this request no longer logs in")
    public void close(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = ApiAuthentication.bearerToken(authorization);
        if (token != null) sessions.close(token);
    }
}
