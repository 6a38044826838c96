package io.partita.engine.protocol;

import io.partita.engine.cluster.BrokerInfo;
import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers Metadata: the live brokers (at their endpoints of the listener the request came in on; a broker without
 * that listener is left out, as Kafka does), the controller, and each requested topic's partitions with their leader,
 * epoch, replicas and ISR. Creates a missing topic when both the node ({@code auto.create.topics.enable}) and the
 * request allow it; a request that would create more partitions than {@code max.partitions.per.request} creates
 * none (POLICY_VIOLATION for each missing topic), as would CreateTopics.
 *
 * <p>With an authorizer, the topics the principal may not DESCRIBE are left out of an all-topics answer and answered
 * TOPIC_AUTHORIZATION_FAILED when named; creating one needs CREATE on the cluster or the topic (else
 * TOPIC_AUTHORIZATION_FAILED). The authorized operations of each topic and of the cluster are filled in when asked.
 *
 * <p>Answered from the node's metadata cache on the connection's own thread. Only a request that will create a topic
 * goes to the admin executor (the metadata thread), which serializes writes of cluster metadata and may wait on the
 * metadata quorum for each: a producer's first Metadata must not wait behind it.
 */
final class MetadataHandler implements ApiHandler {

    private final ClusterMetadata cluster;
    private final TopicDefaults defaults;
    private final RequestPartitionLimit limit;
    private final Executor admin;
    private final RequestAuthorizer auth;

    MetadataHandler(ClusterMetadata cluster, TopicDefaults defaults, RequestPartitionLimit limit, Executor admin, RequestAuthorizer auth) {
        this.auth = auth;
        this.cluster = cluster;
        this.defaults = defaults;
        this.limit = limit;
        this.admin = admin;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        MetadataRequest r = (MetadataRequest) request;
        boolean mayCreate = !r.isAllTopics() && r.data().allowAutoTopicCreation() && defaults.autoCreate();
        if (mayCreate && r.data().topics().stream().anyMatch(this::missingByName)) {
            return CompletableFuture.supplyAsync(() -> answer(context, r, true), admin);
        }
        // A topic deleted since the check above is answered UNKNOWN_TOPIC_OR_PARTITION; the client asks again.
        return CompletableFuture.completedFuture(answer(context, r, false));
    }

    private boolean missingByName(MetadataRequestTopic wanted) {
        return wanted.name() != null && !wanted.name().isEmpty() && cluster.topic(wanted.name()).isEmpty();
    }

    private boolean creatable(MetadataRequestTopic wanted) {
        return missingByName(wanted) && Topic.isValid(wanted.name()) && !Topic.isInternal(wanted.name());
    }

    /** Brokers are named by their endpoints of the listener the request came in on. */
    private AbstractResponse answer(RequestContext context, MetadataRequest r, boolean mayCreate) {
        String listener = context.listenerName.value();
        MetadataResponseData data = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId());
        Set<Integer> live = cluster.servingBrokerIds();
        for (BrokerInfo b : cluster.servingBrokers()) {
            b.endpoint(listener).ifPresent(e -> data.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(b.nodeId()).setHost(e.host()).setPort(e.port()).setRack(b.rack())));
        }
        if (r.isAllTopics()) {
            for (TopicMetadata t : cluster.topics()) {
                if (auth.topic(context, AclOperation.DESCRIBE, t.name())) data.topics().add(describe(t, live));
            }
        } else {
            long creating = mayCreate ? r.data().topics().stream().filter(this::creatable).count() : 0;
            boolean allowed = limit.allows(creating * defaults.numPartitions());
            for (MetadataRequestTopic wanted : r.data().topics()) data.topics().add(lookup(context, wanted, mayCreate, allowed, live));
        }
        if (r.data().includeTopicAuthorizedOperations()) {
            for (MetadataResponseTopic t : data.topics()) {
                if (t.errorCode() == Errors.NONE.code()) {
                    t.setTopicAuthorizedOperations(auth.authorizedOperations(context, ResourceType.TOPIC, t.name()));
                }
            }
        }
        if (r.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(auth.authorizedOperations(context, ResourceType.CLUSTER, Resource.CLUSTER_NAME));
        }
        return new MetadataResponse(data, r.version());
    }

    /** @param withinLimit whether the topics this request would create stay within {@code max.partitions.per.request} */
    private MetadataResponseTopic lookup(RequestContext context, MetadataRequestTopic wanted, boolean mayCreate,
                                         boolean withinLimit, Set<Integer> live) {
        if (wanted.name() == null || (wanted.name().isEmpty() && !Uuid.ZERO_UUID.equals(wanted.topicId()))) {
            // By topic id: consumers of the consumer group protocol learn their topics by id (regex subscriptions).
            Uuid id = wanted.topicId();
            return cluster.topic(id).map(t -> auth.topic(context, AclOperation.DESCRIBE, t.name())
                            ? describe(t, live) : error(null, id, Errors.TOPIC_AUTHORIZATION_FAILED))
                    .orElseGet(() -> error(null, id, Errors.UNKNOWN_TOPIC_ID));
        }
        String name = wanted.name();
        if (!auth.topic(context, AclOperation.DESCRIBE, name)) return error(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED);
        Optional<TopicMetadata> topic = cluster.topic(name);
        if (topic.isPresent()) return describe(topic.get(), live);
        if (!Topic.isValid(name)) return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        if (!mayCreate || Topic.isInternal(name)) return error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        if (!auth.cluster(context, AclOperation.CREATE) && !auth.topic(context, AclOperation.CREATE, name)) {
            return error(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED);
        }
        if (!withinLimit) return error(name, Uuid.ZERO_UUID, Errors.POLICY_VIOLATION);
        try {
            return describe(cluster.createTopic(name, defaults.numPartitions(), defaults.replicationFactor(), Map.of(), false), live);
        } catch (TopicExistsException raced) {
            return cluster.topic(name).map(t -> describe(t, live)).orElseGet(() -> error(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE));
        } catch (RuntimeException e) {
            return error(name, Uuid.ZERO_UUID, Errors.forException(e));
        }
    }

    private MetadataResponseTopic describe(TopicMetadata t, Set<Integer> live) {
        MetadataResponseTopic topic = new MetadataResponseTopic()
                .setName(t.name())
                .setTopicId(t.topicId())
                .setIsInternal(Topic.isInternal(t.name()));
        List<MetadataResponsePartition> partitions = new ArrayList<>(t.partitionCount());
        for (PartitionAssignment p : t.partitions()) {
            LivePartition lp = LivePartition.of(p, live, cluster.offlineReplicas(t.name(), p.partition()));
            partitions.add(new MetadataResponsePartition()
                    .setPartitionIndex(p.partition())
                    .setErrorCode(lp.error().code())
                    .setLeaderId(lp.leaderId())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(p.replicas())
                    .setIsrNodes(p.isr())
                    .setOfflineReplicas(lp.offlineReplicas()));
        }
        return topic.setPartitions(partitions);
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }
}
