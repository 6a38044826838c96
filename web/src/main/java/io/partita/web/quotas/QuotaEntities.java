package io.partita.web.quotas;

import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka's quota entities as the API names them: a user, a client id or both, each a name or {@value #DEFAULT} (the
 * default entity, null in Kafka's own), and their quota path, {@code users/<user>/clients/<client-id>} (KIP-55). A
 * name of {@value #DEFAULT} cannot be told from the default, as in Kafka's tools. Stateless.
 */
final class QuotaEntities {

    static final String DEFAULT = "<default>";

    private QuotaEntities() {
    }

    /** The entity of {@code user} and {@code clientId}, each a name, {@value #DEFAULT}, or null to leave it out. */
    static ClientQuotaEntity of(String user, String clientId) {
        Map<String, String> entries = new HashMap<>();
        if (user != null) entries.put(ClientQuotaEntity.USER, DEFAULT.equals(user) ? null : user);
        if (clientId != null) entries.put(ClientQuotaEntity.CLIENT_ID, DEFAULT.equals(clientId) ? null : clientId);
        return new ClientQuotaEntity(entries);
    }

    /** The entity's user, {@value #DEFAULT} or null. */
    static String user(ClientQuotaEntity entity) {
        return part(entity, ClientQuotaEntity.USER);
    }

    /** The entity's client id, {@value #DEFAULT} or null. */
    static String clientId(ClientQuotaEntity entity) {
        return part(entity, ClientQuotaEntity.CLIENT_ID);
    }

    /** Kafka's quota path of the entity. */
    static String path(ClientQuotaEntity entity) {
        String user = user(entity);
        String clientId = clientId(entity);
        String users = user == null ? "" : "users/" + user;
        String clients = clientId == null ? "" : "clients/" + clientId;
        return users.isEmpty() || clients.isEmpty() ? users + clients : users + "/" + clients;
    }

    private static String part(ClientQuotaEntity entity, String type) {
        if (!entity.entries().containsKey(type)) return null;
        String name = entity.entries().get(type);
        return name == null ? DEFAULT : name;
    }
}
