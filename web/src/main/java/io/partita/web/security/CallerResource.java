package io.partita.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/me}: the caller's name and role; the console's login check. */
@Path("me")
@RequestScoped
@Tag(name = "security")
public class CallerResource {

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who is logged in, and whether they may change things")
    public CallerView me() {
        boolean admin = security.isUserInRole(Role.ADMIN_NAME);
        return new CallerView(security.getUserPrincipal().getName(), admin ? Role.ADMIN_NAME : Role.VIEWER_NAME, admin);
    }
}
