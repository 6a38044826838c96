package io.partita.web.audit;

import io.partita.web.problem.ApiProblem;
import io.partita.web.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code GET /api/audit}: this node's recent admin changes ({@link RecentChanges}), newest first, filtered by user,
 * action, resource and outcome (each a case-insensitive part of the field) and paged by {@code offset} and
 * {@code limit}. Admins only, as Kafka lets only the cluster's operators see its audit trail: a viewer gets 403.
 */
@Path("audit")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int MAX_LIMIT = 500;

    @Context
    SecurityContext security;

    @Inject
    RecentChanges changes;

    @GET
    @Operation(summary = "This node's recent admin changes, through the API and Kafka clients, newest first")
    public AuditPage recent(@QueryParam("user") String user, @QueryParam("action") String action,
                            @QueryParam("resource") String resource, @QueryParam("outcome") String outcome,
                            @QueryParam("offset") @DefaultValue("0") int offset,
                            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (!security.isUserInRole(Role.ADMIN_NAME)) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "Only admins may read the audit log; "
                    + security.getUserPrincipal().getName() + " is a viewer");
        }
        if (offset < 0) throw ApiProblem.badRequest("offset must be 0 or more, not " + offset);
        if (limit < 1 || limit > MAX_LIMIT) throw ApiProblem.badRequest("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        List<AuditEntry> matching = changes.matching(part(user, AuditEntry::user).and(part(action, AuditEntry::action))
                .and(part(resource, AuditEntry::resource)).and(part(outcome, AuditEntry::outcome)));
        List<AuditEntry> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        return new AuditPage(matching.size(), offset, RecentChanges.CAPACITY, List.copyOf(page));
    }

    /** Entries whose field holds {@code wanted}, ignoring case; all of them when nothing is wanted. */
    private static Predicate<AuditEntry> part(String wanted, Function<AuditEntry, String> field) {
        if (wanted == null || wanted.isBlank()) return entry -> true;
        String lower = wanted.strip().toLowerCase(Locale.ROOT);
        return entry -> {
            String value = field.apply(entry);
            return value != null && value.toLowerCase(Locale.ROOT).contains(lower);
        };
    }
}
