package io.partita.web.problem;

import jakarta.ws.rs.core.Response.Status;
import org.apache.kafka.common.protocol.Errors;

/** Which HTTP status answers a Kafka error. Stateless. */
final class KafkaErrorStatus {

    private KafkaErrorStatus() {
    }

    static int of(Errors error) {
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID, GROUP_ID_NOT_FOUND, RESOURCE_NOT_FOUND ->
                    Status.NOT_FOUND.getStatusCode();
            case INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
                 INVALID_CONFIG, INVALID_REQUEST, INVALID_GROUP_ID, INVALID_TIMESTAMP, POLICY_VIOLATION,
                 OFFSET_OUT_OF_RANGE, RECORD_LIST_TOO_LARGE, MESSAGE_TOO_LARGE, INVALID_RECORD, UNACCEPTABLE_CREDENTIAL,
                 UNSUPPORTED_SASL_MECHANISM, INVALID_PRINCIPAL_TYPE ->
                    Status.BAD_REQUEST.getStatusCode();
            case TOPIC_ALREADY_EXISTS, NON_EMPTY_GROUP, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS,
                 TOPIC_DELETION_DISABLED, NO_REASSIGNMENT_IN_PROGRESS, REASSIGNMENT_IN_PROGRESS, DUPLICATE_RESOURCE,
                 SECURITY_DISABLED ->
                    Status.CONFLICT.getStatusCode();
            case TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED ->
                    Status.FORBIDDEN.getStatusCode();
            case UNSUPPORTED_VERSION -> Status.NOT_IMPLEMENTED.getStatusCode();
            case REQUEST_TIMED_OUT, NETWORK_EXCEPTION, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR,
                 LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, BROKER_NOT_AVAILABLE, NOT_ENOUGH_REPLICAS ->
                    Status.SERVICE_UNAVAILABLE.getStatusCode();
            default -> Status.BAD_GATEWAY.getStatusCode();
        };
    }
}
