package io.partita.web.quotas;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/quotas}: the client quotas as {@code kafka-configs.sh --entity-type users|clients} manages them
 * (DescribeClientQuotas, AlterClientQuotas), each entity under its quota path: {@code /api/quotas/users/{user}},
 * {@code /api/quotas/users/{user}/clients/{clientId}}, {@code /api/quotas/clients/{clientId}}, a name or
 * {@code <default>} each.
 */
@Path("quotas")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

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

    @Path("users/{user}")
    public EntityQuotas user(@PathParam("user") String user) {
        return new EntityQuotas(clients, QuotaEntities.of(user, null));
    }

    @Path("users/{user}/clients/{clientId}")
    public EntityQuotas userAndClient(@PathParam("user") String user, @PathParam("clientId") String clientId) {
        return new EntityQuotas(clients, QuotaEntities.of(user, clientId));
    }

    @Path("clients/{clientId}")
    public EntityQuotas client(@PathParam("clientId") String clientId) {
        return new EntityQuotas(clients, QuotaEntities.of(null, clientId));
    }
}
