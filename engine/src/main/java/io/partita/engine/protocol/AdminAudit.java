package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.audit.AuditLog;
import io.partita.engine.logging.RepeatedFailureLog;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Audits the Kafka APIs that change the cluster: each registered handler of an API in {@link #readers()} is wrapped
 * so that, once answered, every change the request asked for is one line of the {@link AuditLog} with the caller's
 * principal and address and the answer's error for that resource ({@code via=kafka}). A further API (ACLs, quotas,
 * SCRAM users) is audited by one line in {@link #readers()} naming its {@link ChangeReader}: nothing else changes.
 * Requests that change nothing (validate-only, a group member's own offset commits) yield no change.
 *
 * <p>Immutable; the wrapped handlers are as thread-safe as the handlers they wrap.
 */
final class AdminAudit {

    /** The changes one request of an API asked for, judged by its answer (an error answer when it failed). */
    @FunctionalInterface
    interface ChangeReader {
        List<AdminChange> changes(AbstractRequest request, AbstractResponse response);
    }

    private static final Map<ApiKeys, ChangeReader> READERS = readers();

    private final AuditLog log;
    private final RepeatedFailureLog failures = new RepeatedFailureLog(
            System.getLogger(AdminAudit.class.getName()), "Auditing an admin request", 30_000);

    AdminAudit(AuditLog log) {
        this.log = log;
    }

    /** {@code handler}, audited when {@code api} changes the cluster. */
    ApiHandler audited(ApiKeys api, ApiHandler handler) {
        ChangeReader reader = READERS.get(api);
        if (reader == null) return handler;
        return (context, request) -> {
            CompletableFuture<AbstractResponse> answer;
            try {
                answer = handler.handle(context, request);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            return answer.whenComplete((response, error) -> {
                // the answer goes out whatever happens here: a reader's bug must not turn a change into an error
                try {
                    record(api, reader, context, request, response, error);
                } catch (RuntimeException e) {
                    failures.failed(api.name + " from " + context.clientAddress().getHostAddress() + ": " + e);
                }
            });
        };
    }

    private void record(ApiKeys api, ChangeReader reader, RequestContext context, AbstractRequest request,
                        AbstractResponse response, Throwable error) {
        AbstractResponse answered = response;
        if (error != null) {
            Throwable cause = CompletionFailures.cause(error);
            answered = request.getErrorResponse(cause);
        }
        AuditLog.Actor actor = new AuditLog.Actor("kafka", context.principal().toString(),
                context.clientAddress().getHostAddress(), context.clientId());
        for (AdminChange change : reader.changes(request, answered)) {
            log.record(actor, api.name, change.resource(), outcome(change.error()), change.details());
        }
    }

    private static Map<ApiKeys, ChangeReader> readers() {
        Map<ApiKeys, ChangeReader> readers = new EnumMap<>(ApiKeys.class);
        readers.put(ApiKeys.CREATE_TOPICS, TopicChanges::created);
        readers.put(ApiKeys.DELETE_TOPICS, TopicChanges::deleted);
        readers.put(ApiKeys.CREATE_PARTITIONS, TopicChanges::partitionsAdded);
        readers.put(ApiKeys.DELETE_RECORDS, TopicChanges::recordsDeleted);
        readers.put(ApiKeys.ALTER_CONFIGS, ConfigChanges::altered);
        readers.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, ConfigChanges::alteredIncrementally);
        readers.put(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ClusterChanges::reassigned);
        readers.put(ApiKeys.ELECT_LEADERS, ClusterChanges::leadersElected);
        readers.put(ApiKeys.UNREGISTER_BROKER, ClusterChanges::brokerUnregistered);
        readers.put(ApiKeys.DELETE_GROUPS, GroupChanges::deleted);
        readers.put(ApiKeys.CREATE_ACLS, AclChanges::created);
        readers.put(ApiKeys.DELETE_ACLS, AclChanges::deleted);
        readers.put(ApiKeys.ALTER_CLIENT_QUOTAS, QuotaAndCredentialChanges::quotasAltered);
        readers.put(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, QuotaAndCredentialChanges::credentialsAltered);
        readers.put(ApiKeys.OFFSET_DELETE, GroupChanges::offsetsDeleted);
        readers.put(ApiKeys.OFFSET_COMMIT, GroupChanges::offsetsReset);
        readers.put(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, GroupChanges::shareOffsetsReset);
        readers.put(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, GroupChanges::shareOffsetsDeleted);
        return Collections.unmodifiableMap(readers);
    }

    private static String outcome(Errors error) {
        return error == Errors.NONE ? AuditLog.OK : error.name();
    }
}
