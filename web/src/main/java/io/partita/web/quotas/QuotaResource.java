package io.partita.web.quotas;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/quotas}: the client quotas as {@code kafka-configs.sh --entity-type users|clients} manages them
 * (DescribeClientQuotas, AlterClientQuotas), each entity under its quota path: {@code /api/quotas/users/{user}},
 * {@code /api/quotas/users/{user}/clients/{clientId}}, {@code /api/quotas/clients/{clientId}}, a name or
 * {@code <default>} each. The node validates keys and values as Kafka's controller does (400 with INVALID_REQUEST and
 * its message).
 */
@Path("quotas")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private static final String SET = "Set quotas of the entity, {\"producer_byte_rate\": 1048576}; null removes one (admin)";
    private static final String REMOVE = "Remove every quota of the entity (admin)";

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "Every entity with client quotas, with their values")
    public List<QuotaView> list() {
        Map<ClientQuotaEntity, Map<String, Double>> all = Futures.get(clients.admin().describeClientQuotas(ClientQuotaFilter.all()).entities());
        return all.entrySet().stream()
                .map(entity -> new QuotaView(QuotaEntities.path(entity.getKey()), QuotaEntities.user(entity.getKey()),
                        QuotaEntities.clientId(entity.getKey()), new TreeMap<>(entity.getValue())))
                .sorted(Comparator.comparing(QuotaView::path))
                .toList();
    }

    @PUT
    @Path("users/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = SET)
    public Response setUser(@PathParam("user") String user, Map<String, Double> quotas) {
        return set(QuotaEntities.of(user, null), quotas);
    }

    @PUT
    @Path("users/{user}/clients/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = SET)
    public Response setUserClient(@PathParam("user") String user, @PathParam("clientId") String clientId, Map<String, Double> quotas) {
        return set(QuotaEntities.of(user, clientId), quotas);
    }

    @PUT
    @Path("clients/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = SET)
    public Response setClient(@PathParam("clientId") String clientId, Map<String, Double> quotas) {
        return set(QuotaEntities.of(null, clientId), quotas);
    }

    @DELETE
    @Path("users/{user}")
    @Operation(summary = REMOVE)
    public Response removeUser(@PathParam("user") String user) {
        return remove(QuotaEntities.of(user, null));
    }

    @DELETE
    @Path("users/{user}/clients/{clientId}")
    @Operation(summary = REMOVE)
    public Response removeUserClient(@PathParam("user") String user, @PathParam("clientId") String clientId) {
        return remove(QuotaEntities.of(user, clientId));
    }

    @DELETE
    @Path("clients/{clientId}")
    @Operation(summary = REMOVE)
    public Response removeClient(@PathParam("clientId") String clientId) {
        return remove(QuotaEntities.of(null, clientId));
    }

    private Response set(ClientQuotaEntity entity, Map<String, Double> quotas) {
        if (quotas == null || quotas.isEmpty()) {
            throw ApiProblem.badRequest("Give the quotas to set, e.g. {\"producer_byte_rate\": 1048576}; null removes one");
        }
        List<ClientQuotaAlteration.Op> changes = new ArrayList<>();
        quotas.forEach((key, value) -> changes.add(new ClientQuotaAlteration.Op(key, value)));
        alter(entity, changes);
        return Response.noContent().build();
    }

    private Response remove(ClientQuotaEntity entity) {
        List<ClientQuotaFilterComponent> components = entity.entries().entrySet().stream()
                .map(part -> part.getValue() == null ? ClientQuotaFilterComponent.ofDefaultEntity(part.getKey())
                        : ClientQuotaFilterComponent.ofEntity(part.getKey(), part.getValue()))
                .toList();
        Map<String, Double> set = Futures.get(clients.admin().describeClientQuotas(ClientQuotaFilter.containsOnly(components))
                .entities()).getOrDefault(entity, Map.of());
        if (set.isEmpty()) throw new ApiProblem(Response.Status.NOT_FOUND, "No quotas for " + QuotaEntities.path(entity));
        alter(entity, set.keySet().stream().map(key -> new ClientQuotaAlteration.Op(key, null)).toList());
        return Response.noContent().build();
    }

    private void alter(ClientQuotaEntity entity, List<ClientQuotaAlteration.Op> changes) {
        Futures.get(clients.admin().alterClientQuotas(List.of(new ClientQuotaAlteration(entity, changes))).all());
    }
}
