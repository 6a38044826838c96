package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.quota.ClientQuotas;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * CreateTopics, DeleteTopics and CreatePartitions: each topic in a request succeeds or fails on its own, with
 * Kafka's error code and message, except that a request creating more partitions than {@code
 * max.partitions.per.request} altogether fails for every topic (as Kafka's). The partitions they create or delete
 * count against the client's {@code controller_mutation_rate} ({@link MutationQuota}); a validate-only request
 * neither counts nor is refused by it. They write cluster metadata, so they run on the admin executor. A topic the
 * principal may not create (CREATE on the cluster or the topic), delete (DELETE on the cluster, or DESCRIBE and
 * DELETE on the topic) or alter (ALTER) is answered TOPIC_AUTHORIZATION_FAILED, before its quota is looked at. As
 * Kafka's, what information they give away is limited by what the principal may see: a created topic's configs,
 * partition count and replication factor only with DESCRIBE_CONFIGS on it, the name of a topic deleted by id only
 * with DESCRIBE.
 */
final class TopicAdminHandlers {

    private final ClusterMetadata cluster;
    private final TopicDefaults defaults;
    private final RequestPartitionLimit limit;
    private final ConfigDescriber configs;
    private final Executor admin;
    private final RequestAuthorizer auth;
    private final ClientQuotas quotas;

    TopicAdminHandlers(ClusterMetadata cluster, TopicDefaults defaults, RequestPartitionLimit limit, ConfigDescriber configs,
                       ClientQuotas quotas, Executor admin, RequestAuthorizer auth) {
        this.auth = auth;
        this.quotas = quotas;
        this.cluster = cluster;
        this.defaults = defaults;
        this.limit = limit;
        this.configs = configs;
        this.admin = admin;
    }

    // The quotas' versions are the first whose clients know THROTTLING_QUOTA_EXCEEDED (KIP-599).

    ApiHandler createTopics() {
        return (ctx, r) -> onAdmin(() -> createTopics(ctx, (CreateTopicsRequest) r, new MutationQuota(quotas, ctx, (short) 6)));
    }

    ApiHandler deleteTopics() {
        return (ctx, r) -> onAdmin(() -> deleteTopics(ctx, (DeleteTopicsRequest) r, new MutationQuota(quotas, ctx, (short) 5)));
    }

    ApiHandler createPartitions() {
        return (ctx, r) -> onAdmin(() -> createPartitions(ctx, (CreatePartitionsRequest) r,
                new MutationQuota(quotas, ctx, (short) 3)));
    }

    private CompletableFuture<AbstractResponse> onAdmin(java.util.function.Supplier<AbstractResponse> work) {
        return CompletableFuture.supplyAsync(work, admin);
    }

    private AbstractResponse createTopics(RequestContext context, CreateTopicsRequest request, MutationQuota mutations) {
        boolean clusterCreate = auth.cluster(context, AclOperation.CREATE);
        CreateTopicsResponseData data = new CreateTopicsResponseData();
        boolean validateOnly = request.data().validateOnly();
        long requested = request.data().topics().stream().mapToLong(t -> Math.max(0, partitionsOf(t))).sum();
        for (CreatableTopic t : request.data().topics()) {
            CreatableTopicResult result = new CreatableTopicResult().setName(t.name());
            try {
                if (!clusterCreate) auth.requireTopic(context, AclOperation.CREATE, t.name());
                limit.check(requested, "partitions");
                if (!validateOnly) mutations.check();
                if (!t.assignments().isEmpty()) {
                    throw new InvalidReplicaAssignmentException("Manual replica assignment is not supported by Partita yet; "
                            + "give --partitions and --replication-factor instead.");
                }
                Map<String, String> overrides = new HashMap<>();
                t.configs().forEach(c -> overrides.put(c.name(), c.value()));
                int partitions = partitionsOf(t);
                int rf = t.replicationFactor() == -1 ? defaults.replicationFactor() : t.replicationFactor();
                TopicMetadata created = cluster.createTopic(t.name(), partitions, rf, overrides, validateOnly);
                if (!validateOnly) mutations.record(created.partitionCount());
                result.setTopicId(validateOnly ? Uuid.ZERO_UUID : created.topicId());
                if (auth.topic(context, AclOperation.DESCRIBE_CONFIGS, t.name())) {
                    result.setNumPartitions(created.partitionCount()).setReplicationFactor((short) rf);
                    configs.describeTopic(created.configs(), null).forEach(c -> result.configs().add(
                            new CreateTopicsResponseData.CreatableTopicConfigs()
                                    .setName(c.name()).setValue(c.value()).setReadOnly(c.readOnly())
                                    .setConfigSource(c.configSource()).setIsSensitive(c.isSensitive())));
                } else {
                    result.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                }
            } catch (RuntimeException e) {
                Errors error = Errors.forException(e);
                result.setErrorCode(error.code()).setErrorMessage(e.getMessage())
                        .setNumPartitions(-1).setReplicationFactor((short) -1).setConfigs(null);
            }
            data.topics().add(result);
        }
        return new CreateTopicsResponse(data.setThrottleTimeMs(mutations.throttleMs()));
    }

    private int partitionsOf(CreatableTopic t) {
        return t.numPartitions() == -1 ? defaults.numPartitions() : t.numPartitions();
    }

    private AbstractResponse deleteTopics(RequestContext context, DeleteTopicsRequest request, MutationQuota mutations) {
        DeleteTopicsResponseData data = new DeleteTopicsResponseData();
        boolean clusterDelete = auth.cluster(context, AclOperation.DELETE);
        for (DeleteTopicState t : request.data().topics()) {
            data.responses().add(delete(context, clusterDelete, t.name(), t.topicId(), mutations));
        }
        for (String name : request.data().topicNames()) {
            data.responses().add(delete(context, clusterDelete, name, Uuid.ZERO_UUID, mutations));
        }
        return new DeleteTopicsResponse(data.setThrottleTimeMs(mutations.throttleMs()));
    }

    /** @param name null when the topic is named by {@code id} */
    private DeletableTopicResult delete(RequestContext context, boolean clusterDelete, String name, Uuid id,
                                        MutationQuota mutations) {
        DeletableTopicResult result = new DeletableTopicResult().setName(name).setTopicId(id);
        try {
            String topic = name != null ? name : cluster.topic(id).map(TopicMetadata::name)
                    .orElseThrow(() -> new UnknownTopicIdException("Topic id " + id + " does not exist."));
            boolean describable = clusterDelete || auth.topic(context, AclOperation.DESCRIBE, topic);
            if (describable) result.setName(topic);
            // As Kafka's: who may not describe a topic learns neither whether a name exists nor the name of an id.
            if (name != null && !describable) throw Errors.TOPIC_AUTHORIZATION_FAILED.exception();
            boolean deletable = clusterDelete || auth.topic(context, AclOperation.DELETE, topic);
            // Who may describe it but not delete it learns that it does not exist (deleteTopic's answer), as in Kafka.
            if (!deletable && cluster.topic(topic).isPresent()) throw Errors.TOPIC_AUTHORIZATION_FAILED.exception();
            mutations.check();
            TopicMetadata deleted = cluster.deleteTopic(topic);
            mutations.record(deleted.partitionCount());
            result.setTopicId(deleted.topicId());
        } catch (RuntimeException e) {
            result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        }
        return result;
    }

    private AbstractResponse createPartitions(RequestContext context, CreatePartitionsRequest request, MutationQuota mutations) {
        CreatePartitionsResponseData data = new CreatePartitionsResponseData();
        long added = request.data().topics().stream().mapToLong(t -> Math.max(0, t.count() - currentCount(t.name()))).sum();
        for (CreatePartitionsTopic t : request.data().topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(t.name());
            try {
                auth.requireTopic(context, AclOperation.ALTER, t.name());
                limit.check(added, "additional partitions");
                if (!request.data().validateOnly()) mutations.check();
                if (t.assignments() != null) {
                    throw new InvalidRequestException("Manual replica assignment of new partitions is not supported by Partita yet.");
                }
                int before = currentCount(t.name());
                TopicMetadata grown = cluster.createPartitions(t.name(), t.count(), request.data().validateOnly());
                if (!request.data().validateOnly()) mutations.record(grown.partitionCount() - before);
            } catch (RuntimeException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            data.results().add(result);
        }
        return new CreatePartitionsResponse(data.setThrottleTimeMs(mutations.throttleMs()));
    }

    private int currentCount(String topic) {
        return cluster.topic(topic).map(TopicMetadata::partitionCount).orElse(0);
    }
}
