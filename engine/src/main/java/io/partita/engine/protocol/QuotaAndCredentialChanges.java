package io.partita.engine.protocol;

import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.AlterClientQuotasResponse;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audited changes of who may do how much: client quotas set or removed (resource
 * {@code quota:users/alice/clients/<default>}, Kafka's quota path, one detail per key) and SCRAM credentials added or deleted
 * (resource {@code user:alice}, the mechanism and its iterations; never the salt or salted password). Stateless.
 */
final class QuotaAndCredentialChanges {

    private QuotaAndCredentialChanges() {
    }

    static List<AdminChange> quotasAltered(AbstractRequest request, AbstractResponse response) {
        List<AlterClientQuotasRequestData.EntryData> asked = ((AlterClientQuotasRequest) request).data().entries();
        List<AlterClientQuotasResponseData.EntryData> answered = ((AlterClientQuotasResponse) response).data().entries();
        List<AdminChange> changes = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            AlterClientQuotasRequestData.EntryData entry = asked.get(i);
            AlterClientQuotasResponseData.EntryData result = i < answered.size() ? answered.get(i) : null;
            AdminChange change = AdminChange.of("quota:" + path(entry.entity()),
                    result == null ? Errors.UNKNOWN_SERVER_ERROR.code() : result.errorCode(),
                    result == null ? null : result.errorMessage());
            for (AlterClientQuotasRequestData.OpData op : entry.ops()) {
                change.with(op.remove() ? "delete." + op.key() : "set." + op.key(), op.remove() ? null : String.valueOf(op.value()));
            }
            changes.add(change);
        }
        return changes;
    }

    static List<AdminChange> credentialsAltered(AbstractRequest request, AbstractResponse response) {
        AlterUserScramCredentialsRequestData asked = ((AlterUserScramCredentialsRequest) request).data();
        List<AdminChange> changes = new ArrayList<>();
        for (AlterUserScramCredentialsResult result : ((AlterUserScramCredentialsResponse) response).data().results()) {
            AdminChange change = AdminChange.of("user:" + result.user(), result.errorCode(), result.errorMessage());
            asked.upsertions().stream().filter(u -> u.name().equals(result.user()))
                    .forEach(u -> change.with("set." + mechanism(u.mechanism()) + ".iterations", u.iterations()));
            asked.deletions().stream().filter(d -> d.name().equals(result.user()))
                    .forEach(d -> change.with("delete." + mechanism(d.mechanism()), null));
            changes.add(change);
        }
        return changes;
    }

    /** The entity as Kafka's quota paths name it (KIP-55): {@code users/alice/clients/<default>}. */
    private static String path(List<AlterClientQuotasRequestData.EntityData> entity) {
        return entity.stream()
                .sorted(Comparator.comparing(e -> !e.entityType().equals(ClientQuotaEntity.USER)))
                .map(e -> switch (e.entityType()) {
                    case ClientQuotaEntity.USER -> "users";
                    case ClientQuotaEntity.CLIENT_ID -> "clients";
                    case ClientQuotaEntity.IP -> "ips";
                    default -> e.entityType();
                } + "/" + (e.entityName() == null ? "<default>" : e.entityName()))
                .collect(Collectors.joining("/"));
    }

    private static String mechanism(byte type) {
        ScramMechanism mechanism = ScramMechanism.fromType(type);
        return mechanism == ScramMechanism.UNKNOWN ? "unknown-" + type : mechanism.mechanismName();
    }
}
