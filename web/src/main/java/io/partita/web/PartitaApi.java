package io.partita.web;

import io.partita.web.security.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The admin API; the module's context root is {@code /api}. Every call but {@code GET /node} needs a login
 * (HTTP Basic); viewers read, admins also change. Failures answer {@code application/problem+json}.
 */
@ApplicationPath("/")
@DeclareRoles({Role.ADMIN_NAME, Role.VIEWER_NAME})
@OpenAPIDefinition(info = @Info(title = "Partita admin API", version = "1",
        description = "Cluster, topics, consumer groups, records, SCRAM users, ACLs and client quotas of a Partita cluster. HTTP Basic login; "
                + "viewers read, admins change. Errors are RFC 9457 problem details with Kafka's error code."))
public class PartitaApi extends Application {
}
