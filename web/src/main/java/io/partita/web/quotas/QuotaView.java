package io.partita.web.quotas;

import java.util.Map;

/**
 * The client quotas of one entity in {@code GET /api/quotas}. Immutable.
 *
 * @param path     Kafka's quota path of the entity ({@code users/alice/clients/<default>}), under which
 *                 {@code /api/quotas/...} changes it
 * @param user     the user name, {@code <default>} for the default user, null when the entity names no user
 * @param clientId the client id, {@code <default>} for the default client id, null when it names none
 * @param quotas   each quota key set (e.g. {@code producer_byte_rate}) with its value
 */
public record QuotaView(String path, String user, String clientId, Map<String, Double> quotas) {
}
