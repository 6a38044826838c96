package io.partita.engine.protocol;

import io.partita.engine.cluster.ScramCredentialStore;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsRequest;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * AlterUserScramCredentials and DescribeUserScramCredentials (KIP-554), what {@code kafka-configs.sh --entity-type
 * users} uses for {@code SCRAM-SHA-256=[password=...]}. The client salts the password; the broker keeps the stored
 * and server keys derived from it ({@link ScramCredentialStore}), never the salted password. Each user's changes in
 * one request apply together or not at all, with Kafka's errors: UNACCEPTABLE_CREDENTIAL (empty name, iterations out
 * of the mechanism's range), UNSUPPORTED_SASL_MECHANISM, RESOURCE_NOT_FOUND (deleting what does not exist),
 * DUPLICATE_RESOURCE (one mechanism of a user changed twice). Writes run on the admin executor (the metadata thread).
 *
 * <p>Who may describe and alter credentials (DESCRIBE and ALTER on the cluster, as Kafka's) is settled for the
 * whole request by {@link WholeRequestChecks} before it gets here. Thread-safe.
 */
final class UserScramCredentialsHandlers {

    private final ScramCredentialStore store;
    private final Executor admin;

    UserScramCredentialsHandlers(ScramCredentialStore store, Executor admin) {
        this.store = store;
        this.admin = admin;
    }

    CompletableFuture<AbstractResponse> describe(RequestContext context, AbstractRequest request) {
        List<UserName> wanted = ((DescribeUserScramCredentialsRequest) request).data().users();
        Map<String, Map<String, Integer>> known = store.iterationsByUser();
        DescribeUserScramCredentialsResponseData data = new DescribeUserScramCredentialsResponseData();
        if (wanted == null || wanted.isEmpty()) {
            known.forEach((user, iterations) -> data.results().add(described(user, iterations)));
            return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(data));
        }
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        for (UserName user : wanted) if (!seen.add(user.name())) duplicated.add(user.name());
        for (String user : wanted.stream().map(UserName::name).distinct().toList()) {
            if (duplicated.contains(user)) {
                data.results().add(new DescribeUserScramCredentialsResult().setUser(user).setErrorCode(Errors.DUPLICATE_RESOURCE.code())
                        .setErrorMessage("Cannot describe SCRAM credentials for the same user twice in a single request: " + user));
            } else if (!known.containsKey(user)) {
                data.results().add(new DescribeUserScramCredentialsResult().setUser(user).setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + user));
            } else {
                data.results().add(described(user, known.get(user)));
            }
        }
        return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(data));
    }

    private static DescribeUserScramCredentialsResult described(String user, Map<String, Integer> iterations) {
        List<CredentialInfo> infos = new ArrayList<>();
        iterations.forEach((mechanism, count) -> infos.add(new CredentialInfo()
                .setMechanism(ScramMechanism.fromMechanismName(mechanism).type()).setIterations(count)));
        return new DescribeUserScramCredentialsResult().setUser(user).setErrorCode(Errors.NONE.code()).setCredentialInfos(infos);
    }

    /** One user's changes of a request. */
    private record Changes(List<ScramCredentialDeletion> deletions, List<ScramCredentialUpsertion> upsertions) {
    }

    CompletableFuture<AbstractResponse> alter(RequestContext context, AbstractRequest request) {
        AlterUserScramCredentialsRequest r = (AlterUserScramCredentialsRequest) request;
        Map<String, Changes> byUser = new LinkedHashMap<>();
        r.data().deletions().forEach(d -> byUser.computeIfAbsent(d.name(), u -> new Changes(new ArrayList<>(), new ArrayList<>())).deletions().add(d));
        r.data().upsertions().forEach(u -> byUser.computeIfAbsent(u.name(), n -> new Changes(new ArrayList<>(), new ArrayList<>())).upsertions().add(u));
        return CompletableFuture.supplyAsync(() -> {
            AlterUserScramCredentialsResponseData data = new AlterUserScramCredentialsResponseData();
            byUser.forEach((user, changes) -> data.results().add(apply(user, changes)));
            return new AlterUserScramCredentialsResponse(data);
        }, admin);
    }

    private AlterUserScramCredentialsResult apply(String user, Changes changes) {
        if (user.isEmpty()) return result(user, Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        Set<Byte> mechanisms = new HashSet<>();
        Map<String, ScramCredential> upserts = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        for (ScramCredentialDeletion d : changes.deletions()) {
            ScramMechanism mechanism = ScramMechanism.fromType(d.mechanism());
            if (mechanism == ScramMechanism.UNKNOWN) return result(user, Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            if (!mechanisms.add(d.mechanism())) return duplicate(user);
            if (store.credential(user, mechanism.mechanismName()).isEmpty()) {
                return result(user, Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            }
            deletes.add(mechanism.mechanismName());
        }
        for (ScramCredentialUpsertion u : changes.upsertions()) {
            ScramMechanism mechanism = ScramMechanism.fromType(u.mechanism());
            if (mechanism == ScramMechanism.UNKNOWN) return result(user, Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            if (!mechanisms.add(u.mechanism())) return duplicate(user);
            org.apache.kafka.common.security.scram.internals.ScramMechanism internal =
                    org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(mechanism.mechanismName());
            if (u.iterations() < internal.minIterations()) return result(user, Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
            if (u.iterations() > internal.maxIterations()) return result(user, Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
            try {
                ScramFormatter formatter = new ScramFormatter(internal);
                upserts.put(mechanism.mechanismName(), new ScramCredential(u.salt(), formatter.storedKey(formatter.clientKey(u.saltedPassword())),
                        formatter.serverKey(u.saltedPassword()), u.iterations()));
            } catch (GeneralSecurityException e) {
                return result(user, Errors.UNSUPPORTED_SASL_MECHANISM, "The broker cannot compute " + mechanism.mechanismName() + ": " + e);
            }
        }
        try {
            store.change(user, deletes, upserts);
        } catch (RuntimeException e) {
            return result(user, Errors.forException(e), e.getMessage());
        }
        return result(user, Errors.NONE, null);
    }

    private static AlterUserScramCredentialsResult duplicate(String user) {
        return result(user, Errors.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request");
    }

    private static AlterUserScramCredentialsResult result(String user, Errors error, String message) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(error.code()).setErrorMessage(message);
    }
}
