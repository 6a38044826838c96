package io.partita.web.security;

import io.partita.web.problem.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * Viewers read, admins change: every request but GET, HEAD and OPTIONS needs the admin role (else 403), except a
 * viewer's own login and logout ({@link SessionResource}).
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class WriteAccess implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || resource.getResourceClass() == SessionResource.class) return;
        if (!request.getSecurityContext().isUserInRole(Role.ADMIN_NAME)) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "Only admins may change anything; "
                    + request.getSecurityContext().getUserPrincipal().getName() + " is a viewer");
        }
    }
}
