package io.partita.engine.protocol;

import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.apache.kafka.common.protocol.ApiKeys.*;

/**
 * Every Kafka API this node serves, each with how its handler is built from the engine's {@link ApiParts}: the one
 * table both the dispatch and ApiVersions come from ({@link KafkaApis} registers each line in {@link SupportedApis},
 * which advertises what is registered at the versions Kafka 4.4 advertises). Serving a new API is one line here.
 *
 * <p>Immutable; thread-safe.
 */
final class ApiTable {

    private static final Map<ApiKeys, Function<ApiParts, ApiHandler>> HANDLERS = new EnumMap<>(ApiKeys.class);

    static {
        serve(API_VERSIONS, p -> new ApiVersionsHandler(p.served()));
        serve(SASL_HANDSHAKE, p -> ConnectionAuthentication.outOfPlace());
        serve(SASL_AUTHENTICATE, p -> ConnectionAuthentication.outOfPlace());
        // Topics and their records.
        serve(METADATA, p -> new MetadataHandler(p.cluster(), p.topicDefaults(), p.partitionLimit(), p.metadataWrites(), p.authorizer()));
        serve(DESCRIBE_CLUSTER, p -> new DescribeClusterHandler(p.cluster(), p.authorizer()));
        serve(DESCRIBE_TOPIC_PARTITIONS, p -> new DescribeTopicPartitionsHandler(p.cluster(), p.authorizer()));
        serve(PRODUCE, p -> new ProduceHandler(p.cluster(), p.replicas(), p.stats(), p.authorizer()));
        serve(FETCH, p -> new FetchHandler(p.cluster(), p.replicas(), p.waiters(), p.stats(), p.quotas(), p.authorizer()));
        serve(LIST_OFFSETS, p -> new ListOffsetsHandler(p.replicas(), p.authorizer()));
        serve(OFFSET_FOR_LEADER_EPOCH, p -> new OffsetForLeaderEpochHandler(p.replicas(), p.authorizer()));
        serve(DELETE_RECORDS, p -> new DeleteRecordsHandler(p.replicas(), p.authorizer()));
        serve(DESCRIBE_PRODUCERS, p -> new DescribeProducersHandler(p.replicas(), p.authorizer()));
        serve(CREATE_TOPICS, p -> p.topicAdmin().createTopics());
        serve(DELETE_TOPICS, p -> p.topicAdmin().deleteTopics());
        serve(CREATE_PARTITIONS, p -> p.topicAdmin().createPartitions());
        // Configs, quotas, ACLs and credentials.
        serve(DESCRIBE_CONFIGS, p -> p.configHandlers().describeConfigs());
        serve(INCREMENTAL_ALTER_CONFIGS, p -> p.configHandlers().incrementalAlterConfigs());
        serve(ALTER_CONFIGS, p -> p.configHandlers().alterConfigs());
        serve(DESCRIBE_CLIENT_QUOTAS, p -> p.clientQuotaHandlers().describeClientQuotas());
        serve(ALTER_CLIENT_QUOTAS, p -> p.clientQuotaHandlers().alterClientQuotas());
        serve(DESCRIBE_ACLS, p -> new DescribeAclsHandler(p.authorizer().acls()));
        serve(CREATE_ACLS, p -> new CreateAclsHandler(p.authorizer().acls(), p.metadataWrites()));
        serve(DELETE_ACLS, p -> new DeleteAclsHandler(p.authorizer().acls(), p.metadataWrites()));
        serve(DESCRIBE_USER_SCRAM_CREDENTIALS, p -> p.scramCredentialHandlers()::describe);
        serve(ALTER_USER_SCRAM_CREDENTIALS, p -> p.scramCredentialHandlers()::alter);
        // Groups (classic, consumer protocol, share) and their offsets.
        serve(FIND_COORDINATOR, ApiParts::findCoordinator);
        serve(JOIN_GROUP, p -> new JoinGroupHandler(p.groups()));
        serve(SYNC_GROUP, p -> new SyncGroupHandler(p.groups()));
        serve(HEARTBEAT, p -> new GroupHeartbeatHandler(p.groups()));
        serve(LEAVE_GROUP, p -> new LeaveGroupHandler(p.groups()));
        serve(OFFSET_COMMIT, p -> new GroupOffsetCommitHandler(p.groups(), p.topics(), p.authorizer()));
        serve(OFFSET_FETCH, p -> new GroupOffsetFetchHandler(p.groups(), p.topics(), p.authorizer()));
        serve(LIST_GROUPS, p -> new ListGroupsHandler(p.groups(), p.authorizer()));
        serve(DESCRIBE_GROUPS, p -> new DescribeGroupsHandler(p.groups(), p.authorizer()));
        serve(DELETE_GROUPS, p -> new DeleteGroupsHandler(p.groups(), p.shareGroupCoordinator(), p.shareStateDeletion(),
                p.authorizer()));
        serve(OFFSET_DELETE, p -> new OffsetDeleteHandler(p.groups(), p.topics(), p.authorizer()));
        serve(CONSUMER_GROUP_HEARTBEAT, p -> new ConsumerGroupHeartbeatHandler(p.groups(), p.topics(), p.authorizer()));
        serve(CONSUMER_GROUP_DESCRIBE, p -> new ConsumerGroupDescribeHandler(p.groups(), p.topics(), p.authorizer()));
        serve(SHARE_GROUP_HEARTBEAT, p -> new ShareGroupHeartbeatHandler(p.shareGroupCoordinator(), p.topics()));
        serve(SHARE_GROUP_DESCRIBE, p -> new ShareGroupDescribeHandler(p.shareGroupCoordinator(), p.topics(), p.authorizer()));
        serve(DESCRIBE_SHARE_GROUP_OFFSETS, p -> new DescribeShareGroupOffsetsHandler(p.shareGroupCoordinator(), p.topics(),
                p.shareGroupStates(), p.highWatermarks(), p.authorizer()));
        serve(ALTER_SHARE_GROUP_OFFSETS, p -> new AlterShareGroupOffsetsHandler(p.shareGroupCoordinator(), p.topics(), p.shareGroupStates(), p.authorizer()));
        serve(DELETE_SHARE_GROUP_OFFSETS, p -> new DeleteShareGroupOffsetsHandler(p.shareGroupCoordinator(), p.topics(), p.shareGroupStates(), p.authorizer()));
        // Share groups' records, on the partitions' leaders, and their state, at the share coordinators.
        serve(SHARE_FETCH, p -> new ShareFetchHandler(p.cluster(), p.replicas(), p.shares(), p.waiters(), p.authorizer()));
        serve(SHARE_ACKNOWLEDGE, p -> new ShareAcknowledgeHandler(p.cluster(), p.shares(), p.authorizer()));
        serve(INITIALIZE_SHARE_GROUP_STATE, p -> p.shareStateHandlers()::initialize);
        serve(READ_SHARE_GROUP_STATE, p -> p.shareStateHandlers()::read);
        serve(WRITE_SHARE_GROUP_STATE, p -> p.shareStateHandlers()::write);
        serve(DELETE_SHARE_GROUP_STATE, p -> p.shareStateHandlers()::delete);
        serve(READ_SHARE_GROUP_STATE_SUMMARY, p -> p.shareStateHandlers()::summary);
        // Producers and transactions (protocol version 1: no transaction.version feature is advertised, so Kafka's
        // producers add partitions explicitly and keep their epoch across transactions).
        serve(INIT_PRODUCER_ID, p -> new InitProducerIdHandler(p.producerIds(), p.transactions(), p.metadataWrites()));
        serve(ADD_PARTITIONS_TO_TXN, p -> new AddPartitionsToTxnHandler(p.transactions(), p.topics(), p.authorizer()));
        serve(ADD_OFFSETS_TO_TXN, p -> new AddOffsetsToTxnHandler(p.transactions()));
        serve(END_TXN, p -> new EndTxnHandler(p.transactions()));
        serve(TXN_OFFSET_COMMIT, p -> new TxnOffsetCommitHandler(p.groups(), p.topics(), p.authorizer()));
        serve(WRITE_TXN_MARKERS, p -> new WriteTxnMarkersHandler(p.markers()));
        serve(DESCRIBE_TRANSACTIONS, p -> new DescribeTransactionsHandler(p.transactions(), p.authorizer()));
        serve(LIST_TRANSACTIONS, p -> new ListTransactionsHandler(p.transactions(), p.authorizer()));
        // Operators' cluster APIs.
        serve(ELECT_LEADERS, p -> new ElectLeadersHandler(p.controller()));
        serve(ALTER_PARTITION_REASSIGNMENTS, p -> p.reassignments().alterPartitionReassignments());
        serve(LIST_PARTITION_REASSIGNMENTS, p -> p.reassignments().listPartitionReassignments());
        serve(UNREGISTER_BROKER, p -> new UnregisterBrokerHandler(p.cluster(), p.metadataWrites()));
        serve(DESCRIBE_LOG_DIRS, p -> new DescribeLogDirsHandler(p.logs()));
    }

    private ApiTable() {
    }

    private static void serve(ApiKeys api, Function<ApiParts, ApiHandler> handler) {
        if (HANDLERS.put(api, handler) != null) throw new IllegalStateException(api + " is in the table twice");
    }

    /** The APIs of the table. */
    static Set<ApiKeys> apis() {
        return Collections.unmodifiableSet(HANDLERS.keySet());
    }

    /** The handler of {@code api}, built from {@code parts}. */
    static ApiHandler handler(ApiKeys api, ApiParts parts) {
        return HANDLERS.get(api).apply(parts);
    }
}
