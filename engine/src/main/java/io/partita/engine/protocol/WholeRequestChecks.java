package io.partita.engine.protocol;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.ShareGroupHeartbeatRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The checks that settle a request as a whole, before its handler runs, as Kafka's table of "operations and
 * resources on protocols" has them: the cluster operations of the operators' and inter-broker APIs, READ on the
 * group of a group member's requests and of AlterShareGroupOffsets, DELETE on the group of OffsetDelete and
 * DeleteShareGroupOffsets (and DESCRIBE on the topics a consumer-protocol or share group member subscribes to by name;
 * the topics of a regex subscription are filtered by the coordinator instead),
 * WRITE on the transactional id of a transaction's. A refused request is answered
 * with its API's error response (CLUSTER_, GROUP_ or TRANSACTIONAL_ID_AUTHORIZATION_FAILED). Checks of the topics
 * inside a request are the handlers' own (through {@link RequestAuthorizer}).
 *
 * <p>An API registered later by another part of the engine (SCRAM credentials, client quotas) is checked here by its
 * key alone. Immutable; thread-safe.
 */
final class WholeRequestChecks {

    /** Why a request is refused, or null when it may go on. */
    @FunctionalInterface
    private interface Check {
        ApiException refusal(RequestAuthorizer auth, RequestContext context, AbstractRequest request);
    }

    private static final Map<ApiKeys, Check> CHECKS = new EnumMap<>(ApiKeys.class);

    static {
        cluster(ApiKeys.WRITE_TXN_MARKERS, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.INITIALIZE_SHARE_GROUP_STATE, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.READ_SHARE_GROUP_STATE, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.WRITE_SHARE_GROUP_STATE, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.DELETE_SHARE_GROUP_STATE, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.READ_SHARE_GROUP_STATE_SUMMARY, AclOperation.CLUSTER_ACTION);
        cluster(ApiKeys.DESCRIBE_ACLS, AclOperation.DESCRIBE);
        cluster(ApiKeys.CREATE_ACLS, AclOperation.ALTER);
        cluster(ApiKeys.DELETE_ACLS, AclOperation.ALTER);
        cluster(ApiKeys.DESCRIBE_LOG_DIRS, AclOperation.DESCRIBE);
        cluster(ApiKeys.ALTER_REPLICA_LOG_DIRS, AclOperation.ALTER);
        cluster(ApiKeys.ELECT_LEADERS, AclOperation.ALTER);
        cluster(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, AclOperation.ALTER);
        cluster(ApiKeys.LIST_PARTITION_REASSIGNMENTS, AclOperation.DESCRIBE);
        cluster(ApiKeys.UNREGISTER_BROKER, AclOperation.ALTER);
        cluster(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, AclOperation.DESCRIBE);
        cluster(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, AclOperation.ALTER);
        cluster(ApiKeys.DESCRIBE_CLIENT_QUOTAS, AclOperation.DESCRIBE_CONFIGS);
        cluster(ApiKeys.ALTER_CLIENT_QUOTAS, AclOperation.ALTER_CONFIGS);
        CHECKS.put(ApiKeys.FETCH, (auth, context, request) -> ((FetchRequest) request).replicaId() >= 0
                && !auth.cluster(context, AclOperation.CLUSTER_ACTION) ? Errors.CLUSTER_AUTHORIZATION_FAILED.exception() : null);
        CHECKS.put(ApiKeys.OFFSET_FOR_LEADER_EPOCH, (auth, context, request) -> ((OffsetsForLeaderEpochRequest) request).replicaId() >= 0
                && !auth.cluster(context, AclOperation.CLUSTER_ACTION) ? Errors.CLUSTER_AUTHORIZATION_FAILED.exception() : null);
        groupRead(ApiKeys.JOIN_GROUP, r -> ((JoinGroupRequest) r).data().groupId());
        groupRead(ApiKeys.SYNC_GROUP, r -> ((SyncGroupRequest) r).data().groupId());
        groupRead(ApiKeys.HEARTBEAT, r -> ((HeartbeatRequest) r).data().groupId());
        groupRead(ApiKeys.LEAVE_GROUP, r -> ((LeaveGroupRequest) r).data().groupId());
        groupRead(ApiKeys.OFFSET_COMMIT, r -> ((OffsetCommitRequest) r).data().groupId());
        CHECKS.put(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (auth, context, request) -> {
            ConsumerGroupHeartbeatRequestData heartbeat = ((ConsumerGroupHeartbeatRequest) request).data();
            return subscriberRefusal(auth, context, heartbeat.groupId(), heartbeat.subscribedTopicNames());
        });
        CHECKS.put(ApiKeys.SHARE_GROUP_HEARTBEAT, (auth, context, request) -> {
            ShareGroupHeartbeatRequestData heartbeat = ((ShareGroupHeartbeatRequest) request).data();
            return subscriberRefusal(auth, context, heartbeat.groupId(), heartbeat.subscribedTopicNames());
        });
        groupDelete(ApiKeys.OFFSET_DELETE, r -> ((OffsetDeleteRequest) r).data().groupId());
        groupRead(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, r -> ((AlterShareGroupOffsetsRequest) r).data().groupId());
        groupDelete(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, r -> ((DeleteShareGroupOffsetsRequest) r).data().groupId());
        CHECKS.put(ApiKeys.PRODUCE, (auth, context, request) -> transactionalWrite(auth, context, ((ProduceRequest) request).transactionalId()));
        CHECKS.put(ApiKeys.INIT_PRODUCER_ID, (auth, context, request) -> {
            String transactionalId = ((InitProducerIdRequest) request).data().transactionalId();
            if (transactionalId != null) return transactionalWrite(auth, context, transactionalId);
            return auth.idempotentWrite(context) ? null : Errors.CLUSTER_AUTHORIZATION_FAILED.exception();
        });
        CHECKS.put(ApiKeys.END_TXN, (auth, context, request) ->
                transactionalWrite(auth, context, ((EndTxnRequest) request).data().transactionalId()));
        CHECKS.put(ApiKeys.ADD_OFFSETS_TO_TXN, (auth, context, request) -> {
            AddOffsetsToTxnRequest add = (AddOffsetsToTxnRequest) request;
            ApiException refused = transactionalWrite(auth, context, add.data().transactionalId());
            return refused != null ? refused : groupReadRefusal(auth, context, add.data().groupId());
        });
        CHECKS.put(ApiKeys.TXN_OFFSET_COMMIT, (auth, context, request) -> {
            TxnOffsetCommitRequest commit = (TxnOffsetCommitRequest) request;
            ApiException refused = transactionalWrite(auth, context, commit.data().transactionalId());
            return refused != null ? refused : groupReadRefusal(auth, context, commit.data().groupId());
        });
        CHECKS.put(ApiKeys.ADD_PARTITIONS_TO_TXN, (auth, context, request) -> {
            AddPartitionsToTxnRequest add = (AddPartitionsToTxnRequest) request;
            if (request.version() >= 4) {
                // the brokers' batched form (KIP-890), sent between nodes
                return auth.cluster(context, AclOperation.CLUSTER_ACTION) ? null : Errors.CLUSTER_AUTHORIZATION_FAILED.exception();
            }
            return transactionalWrite(auth, context, add.data().v3AndBelowTransactionalId());
        });
    }

    private WholeRequestChecks() {
    }

    /**
     * {@code handler}, refusing what the request's principal may not do; {@code handler} itself when no authorizer
     * is configured or the API has no check of its own here.
     */
    static ApiHandler guard(RequestAuthorizer auth, ApiKeys api, ApiHandler handler) {
        Check check = CHECKS.get(api);
        if (!auth.enabled() || check == null) return handler;
        return (context, request) -> {
            ApiException refused = check.refusal(auth, context, request);
            return refused == null ? handler.handle(context, request) : CompletableFuture.completedFuture(request.getErrorResponse(refused));
        };
    }

    private static void cluster(ApiKeys api, AclOperation operation) {
        CHECKS.put(api, (auth, context, request) ->
                auth.cluster(context, operation) ? null : Errors.CLUSTER_AUTHORIZATION_FAILED.exception());
    }

    private static void groupRead(ApiKeys api, Function<AbstractRequest, String> groupId) {
        CHECKS.put(api, (auth, context, request) -> groupReadRefusal(auth, context, groupId.apply(request)));
    }

    private static void groupDelete(ApiKeys api, Function<AbstractRequest, String> groupId) {
        CHECKS.put(api, (auth, context, request) -> auth.group(context, AclOperation.DELETE, groupId.apply(request))
                ? null : Errors.GROUP_AUTHORIZATION_FAILED.exception());
    }

    /**
     * A member's heartbeat needs READ on its group and, as Kafka, DESCRIBE on every topic its subscription names (a
     * subscription naming one it may not is refused whole).
     */
    private static ApiException subscriberRefusal(RequestAuthorizer auth, RequestContext context, String groupId,
                                                  List<String> subscribedTopicNames) {
        ApiException refused = groupReadRefusal(auth, context, groupId);
        if (refused != null || subscribedTopicNames == null) return refused;
        for (String topic : subscribedTopicNames) {
            if (!auth.topic(context, AclOperation.DESCRIBE, topic)) return Errors.TOPIC_AUTHORIZATION_FAILED.exception();
        }
        return null;
    }

    private static ApiException groupReadRefusal(RequestAuthorizer auth, RequestContext context, String groupId) {
        return auth.group(context, AclOperation.READ, groupId) ? null : Errors.GROUP_AUTHORIZATION_FAILED.exception();
    }

    private static ApiException transactionalWrite(RequestAuthorizer auth, RequestContext context, String transactionalId) {
        if (transactionalId == null || auth.transactionalId(context, AclOperation.WRITE, transactionalId)) return null;
        return Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.exception();
    }
}
