package io.partita.web.quotas;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.problem.ApiProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quotas of one entity, under its quota path in {@code /api/quotas}: set or remove keys, or remove them all. The
 * node validates keys and values as Kafka's controller does (400 with INVALID_REQUEST and its message). Immutable.
 */
public class EntityQuotas {

    private final NodeClients clients;
    private final ClientQuotaEntity entity;

    EntityQuotas(NodeClients clients, ClientQuotaEntity entity) {
        this.clients = clients;
        this.entity = entity;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set quotas of the entity, {\"producer_byte_rate\": 1048576}; null removes one (admin)")
    public Response set(Map<String, Double> quotas) {
        if (quotas == null || quotas.isEmpty()) {
            throw ApiProblem.badRequest("Give the quotas to set, e.g. {\"producer_byte_rate\": 1048576}; null removes one");
        }
        List<ClientQuotaAlteration.Op> changes = new ArrayList<>();
        quotas.forEach((key, value) -> changes.add(new ClientQuotaAlteration.Op(key, value)));
        alter(changes);
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "Remove every quota of the entity (admin)")
    public Response remove() {
        Map<ClientQuotaEntity, Map<String, Double>> current = Futures.get(clients.admin()
                .describeClientQuotas(ClientQuotaFilter.containsOnly(components())).entities());
        Map<String, Double> set = current.getOrDefault(entity, Map.of());
        if (set.isEmpty()) throw new ApiProblem(Response.Status.NOT_FOUND, "No quotas for " + QuotaEntities.path(entity));
        alter(set.keySet().stream().map(key -> new ClientQuotaAlteration.Op(key, null)).toList());
        return Response.noContent().build();
    }

    private void alter(List<ClientQuotaAlteration.Op> changes) {
        Futures.get(clients.admin().alterClientQuotas(List.of(new ClientQuotaAlteration(entity, changes))).all());
    }

    private List<ClientQuotaFilterComponent> components() {
        return entity.entries().entrySet().stream()
                .map(part -> part.getValue() == null ? ClientQuotaFilterComponent.ofDefaultEntity(part.getKey())
                        : ClientQuotaFilterComponent.ofEntity(part.getKey(), part.getValue()))
                .toList();
    }
}
