package io.partita.engine.protocol;

import io.partita.engine.cluster.ClientQuotaSettings;
import io.partita.engine.quota.QuotaType;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.EntryData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.OpData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.AlterClientQuotasResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * DescribeClientQuotas and AlterClientQuotas, for the quota entities Kafka has for clients: a user, a client id,
 * or both, each named or the default ({@code <default>}). Alterations are validated as Kafka's controller does
 * (entity types and their combination, known keys, values) and each entity is stored on its own by
 * compare-and-set; an entity that fails validation is answered with its error and changes nothing.
 */
final class ClientQuotaHandlers {

    private final ClientQuotaSettings quotas;
    private final Executor admin;

    ClientQuotaHandlers(ClientQuotaSettings quotas, Executor admin) {
        this.quotas = quotas;
        this.admin = admin;
    }

    /** Describing reads this node's cache only: answered at once, never queued behind writes waiting on the quorum. */
    ApiHandler describeClientQuotas() {
        return (ctx, r) -> CompletableFuture.completedFuture(describe((DescribeClientQuotasRequest) r));
    }

    ApiHandler alterClientQuotas() {
        return (ctx, r) -> CompletableFuture.supplyAsync(() -> alter((AlterClientQuotasRequest) r), admin);
    }

    private AbstractResponse describe(DescribeClientQuotasRequest request) {
        ApiError invalid = validateFilter(request);
        if (invalid != null) {
            return new DescribeClientQuotasResponse(new DescribeClientQuotasResponseData()
                    .setErrorCode(invalid.error().code()).setErrorMessage(invalid.message()).setEntries(null));
        }
        Map<ClientQuotaEntity, Map<String, Double>> matching = new LinkedHashMap<>();
        quotas.all().forEach((entity, values) -> {
            if (matches(entity, request)) matching.put(entity, values);
        });
        return DescribeClientQuotasResponse.fromQuotaEntities(matching, 0);
    }

    private static ApiError validateFilter(DescribeClientQuotasRequest request) {
        Set<String> types = new HashSet<>();
        for (ComponentData c : request.data().components()) {
            if (!isClientEntityType(c.entityType()) && !ClientQuotaEntity.IP.equals(c.entityType())) {
                return new ApiError(Errors.UNSUPPORTED_VERSION, "Unsupported entity type " + c.entityType());
            }
            if (!types.add(c.entityType())) {
                return new ApiError(Errors.INVALID_REQUEST, "Entity type " + c.entityType() + " cannot appear more than once in the filter.");
            }
            boolean exact = c.matchType() == DescribeClientQuotasRequest.MATCH_TYPE_EXACT;
            if (c.matchType() < DescribeClientQuotasRequest.MATCH_TYPE_EXACT || c.matchType() > DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED) {
                return new ApiError(Errors.INVALID_REQUEST, "Unknown match type " + c.matchType());
            }
            if (exact == (c.match() == null)) {
                return new ApiError(Errors.INVALID_REQUEST, exact ? "A match string is required for an exact match"
                        : "A match string must not be given for a default or any-name match");
            }
        }
        if (types.contains(ClientQuotaEntity.IP) && types.size() > 1) {
            return new ApiError(Errors.INVALID_REQUEST, "Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.");
        }
        return null;
    }

    private static boolean matches(ClientQuotaEntity entity, DescribeClientQuotasRequest request) {
        Map<String, String> entries = entity.entries();
        for (ComponentData c : request.data().components()) {
            if (!entries.containsKey(c.entityType())) return false;
            String name = entries.get(c.entityType());
            boolean match = switch (c.matchType()) {
                case DescribeClientQuotasRequest.MATCH_TYPE_EXACT -> c.match().equals(name);
                case DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT -> name == null;
                default -> true;
            };
            if (!match) return false;
        }
        return !request.data().strict() || entries.size() == request.data().components().size();
    }

    private AbstractResponse alter(AlterClientQuotasRequest request) {
        Map<ClientQuotaEntity, ApiError> results = new LinkedHashMap<>();
        for (EntryData entry : request.data().entries()) {
            // The answer names each entity as the request did, valid or not: the client matches answers by entity.
            Map<String, String> names = new HashMap<>();
            entry.entity().forEach(e -> names.put(e.entityType(), e.entityName()));
            ClientQuotaEntity entity = new ClientQuotaEntity(names);
            ApiError error = validateEntity(entry, names);
            Map<String, Double> set = new HashMap<>();
            Set<String> remove = new HashSet<>();
            if (error == null) error = validateOps(entry, set, remove);
            if (error == null && !request.validateOnly()) {
                try {
                    quotas.alter(entity, set, remove);
                } catch (RuntimeException e) {
                    error = ApiError.fromThrowable(e);
                }
            }
            results.put(entity, error == null ? ApiError.NONE : error);
        }
        return AlterClientQuotasResponse.fromQuotaEntities(results, 0);
    }

    private static ApiError validateEntity(EntryData entry, Map<String, String> names) {
        if (names.isEmpty()) return new ApiError(Errors.INVALID_REQUEST, "Invalid empty client quota entity");
        if (names.size() < entry.entity().size()) {
            return new ApiError(Errors.INVALID_REQUEST, "Duplicate entity type in client quota entity " + entry.entity());
        }
        if (names.containsKey(ClientQuotaEntity.IP)) {
            return new ApiError(Errors.INVALID_REQUEST, names.size() > 1
                    ? "Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId"
                    : "IP quotas (connection_creation_rate) are not supported by Partita");
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (!isClientEntityType(e.getKey())) {
                return new ApiError(Errors.INVALID_REQUEST, "Unhandled client quota entity type: " + e.getKey());
            }
            if (e.getValue() != null && e.getValue().isEmpty()) {
                return new ApiError(Errors.INVALID_REQUEST, "Empty " + e.getKey() + " not supported");
            }
        }
        return null;
    }

    private static ApiError validateOps(EntryData entry, Map<String, Double> set, Set<String> remove) {
        for (OpData op : entry.ops()) {
            QuotaType type = QuotaType.ofKey(op.key());
            if (type == null) return new ApiError(Errors.INVALID_REQUEST, "Invalid configuration key " + op.key());
            if (op.remove()) {
                remove.add(op.key());
                continue;
            }
            double value = op.value();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return new ApiError(Errors.INVALID_REQUEST, "Quota " + op.key() + " must be a finite number");
            }
            if (type.wholeNumber() && value != Math.rint(value)) {
                return new ApiError(Errors.INVALID_REQUEST, op.key() + " cannot be a fractional value.");
            }
            if (type.wholeNumber() && value > Long.MAX_VALUE) {
                return new ApiError(Errors.INVALID_REQUEST, "Proposed value for " + op.key() + " is too large for a LONG.");
            }
            if (value <= 0) return new ApiError(Errors.INVALID_REQUEST, "Quota " + op.key() + " must be greater than 0");
            set.put(op.key(), value);
        }
        return null;
    }

    private static boolean isClientEntityType(String type) {
        return ClientQuotaEntity.USER.equals(type) || ClientQuotaEntity.CLIENT_ID.equals(type);
    }
}
