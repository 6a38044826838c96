package io.partita.web.acls;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/acls}: the cluster's ACLs as {@code kafka-acls.sh} manages them (DescribeAcls, CreateAcls, DeleteAcls).
 * Without an authorizer on the node they answer 409 with Kafka's SECURITY_DISABLED.
 */
@Path("acls")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class AclResource {

    private static final Comparator<AclView> ORDER = Comparator.comparing(AclView::resourceType)
            .thenComparing(AclView::resourceName).thenComparing(AclView::patternType).thenComparing(AclView::principal)
            .thenComparing(AclView::host).thenComparing(AclView::operation).thenComparing(AclView::permission);

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "The ACLs matching the query's fields (each left out matches any; patternType MATCH finds what applies to a resource)")
    public List<AclView> list(@BeanParam AclRequest query) {
        AclFields fields = AclFields.filter();
        AclBindingFilter filter = new AclBindingFilter(
                new ResourcePatternFilter(fields.resourceType(query.resourceType, ResourceType.ANY), blankToNull(query.resourceName),
                        fields.patternType(query.patternType, PatternType.ANY)),
                new AccessControlEntryFilter(blankToNull(query.principal), blankToNull(query.host),
                        fields.operation(query.operation, AclOperation.ANY), fields.permission(query.permission, AclPermissionType.ANY)));
        return Futures.get(clients.admin().describeAcls(filter).values()).stream().map(AclView::of).sorted(ORDER).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an ACL (admin)")
    public Response add(AclRequest request) {
        if (request == null) throw ApiProblem.badRequest("Give the ACL: resourceType, resourceName, principal, operation");
        AclBinding acl = binding(request);
        Futures.get(clients.admin().createAcls(List.of(acl)).all());
        return Response.status(Response.Status.CREATED).entity(AclView.of(acl)).build();
    }

    @DELETE
    @Operation(summary = "Remove the one ACL the query's fields name (admin; defaults as for adding)")
    public Response remove(@BeanParam AclRequest query) {
        AclBinding acl = binding(query);
        Collection<AclBinding> removed = Futures.get(clients.admin().deleteAcls(List.of(acl.toFilter())).all());
        if (removed.isEmpty()) throw new ApiProblem(Response.Status.NOT_FOUND, "No such ACL: " + acl);
        return Response.noContent().build();
    }

    /** One ACL; pattern type, host and permission default as with {@code kafka-acls.sh --add}. */
    private static AclBinding binding(AclRequest acl) {
        AclFields fields = AclFields.exact();
        ResourceType type = fields.resourceType(acl.resourceType, null);
        if (blankToNull(acl.resourceName) == null) throw ApiProblem.badRequest("Give 'resourceName' (kafka-cluster for the cluster)");
        if (blankToNull(acl.principal) == null) throw ApiProblem.badRequest("Give 'principal', e.g. User:alice");
        return new AclBinding(new ResourcePattern(type, acl.resourceName, fields.patternType(acl.patternType, PatternType.LITERAL)),
                new AccessControlEntry(acl.principal, blankToNull(acl.host) == null ? "*" : acl.host,
                        fields.operation(acl.operation, null), fields.permission(acl.permission, AclPermissionType.ALLOW)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
