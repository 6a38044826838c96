package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.config.GroupConfigs;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * DescribeConfigs, IncrementalAlterConfigs and the legacy AlterConfigs, for topics, groups ({@link GroupConfigs}) and
 * brokers (of which only the replication throttle rates can be altered, see {@code DynamicBrokerConfigs}).
 * Alterations are validated as a whole and stored by compare-and-set, so a concurrent change is never lost.
 * Describing needs DESCRIBE_CONFIGS, altering ALTER_CONFIGS, on the topic (else TOPIC_AUTHORIZATION_FAILED), the group
 * (else GROUP_AUTHORIZATION_FAILED) or, for brokers, on the cluster (else CLUSTER_AUTHORIZATION_FAILED), per resource.
 */
final class ConfigHandlers {

    private final ClusterMetadata cluster;
    private final ConfigDescriber describer;
    private final Executor admin;
    private final RequestAuthorizer auth;
    private final GroupConfigs groupConfigs;

    ConfigHandlers(ClusterMetadata cluster, ConfigDescriber describer, GroupConfigs groupConfigs, Executor admin,
                   RequestAuthorizer auth) {
        this.auth = auth;
        this.groupConfigs = groupConfigs;
        this.cluster = cluster;
        this.describer = describer;
        this.admin = admin;
    }

    /** Describing reads this node's cache only: answered at once, never queued behind writes waiting on the quorum. */
    ApiHandler describeConfigs() {
        return (ctx, r) -> CompletableFuture.completedFuture(describe(ctx, (DescribeConfigsRequest) r));
    }

    ApiHandler incrementalAlterConfigs() {
        return (ctx, r) -> onAdmin(() -> alterIncrementally(ctx, (IncrementalAlterConfigsRequest) r));
    }

    ApiHandler alterConfigs() {
        return (ctx, r) -> onAdmin(() -> alterLegacy(ctx, (AlterConfigsRequest) r));
    }

    private CompletableFuture<AbstractResponse> onAdmin(Supplier<AbstractResponse> work) {
        return CompletableFuture.supplyAsync(work, admin);
    }

    private AbstractResponse describe(RequestContext context, DescribeConfigsRequest request) {
        DescribeConfigsResponseData data = new DescribeConfigsResponseData();
        for (DescribeConfigsResource res : request.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(res.resourceType()).setResourceName(res.resourceName());
            try {
                authorize(context, res.resourceType(), res.resourceName(), AclOperation.DESCRIBE_CONFIGS);
                List<DescribeConfigsResourceResult> configs = switch (ConfigResource.Type.forId(res.resourceType())) {
                    case TOPIC -> describer.describeTopic(topic(res.resourceName()).configs(), res.configurationKeys());
                    case BROKER -> describer.describeBroker(res.resourceName(), cluster.brokerConfigs(res.resourceName()),
                            cluster.brokerConfigs(""), res.configurationKeys());
                    case GROUP -> describer.describeGroup(groupConfigs, cluster.groupConfigs(groupName(res.resourceName(),
                            "Group name must not be empty")), res.configurationKeys());
                    case BROKER_LOGGER -> List.of();
                    default -> throw new InvalidRequestException("Unsupported resource type " + res.resourceType());
                };
                if (!request.data().includeSynonyms()) configs.forEach(c -> c.setSynonyms(new ArrayList<>()));
                if (!request.data().includeDocumentation()) configs.forEach(c -> c.setDocumentation(null));
                result.setConfigs(configs);
            } catch (RuntimeException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            data.results().add(result);
        }
        return new DescribeConfigsResponse(data);
    }

    private AbstractResponse alterIncrementally(RequestContext context, IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData();
        for (AlterConfigsResource res : request.data().resources()) {
            List<AlterableConfig> ops = new ArrayList<>(res.configs());
            boolean group = ConfigResource.Type.forId(res.resourceType()) == ConfigResource.Type.GROUP;
            data.responses().add(alter(context, res.resourceType(), res.resourceName(), request.data().validateOnly(), configs -> {
                for (AlterableConfig op : ops) applyIncremental(configs, op, group);
                return configs;
            }));
        }
        return new IncrementalAlterConfigsResponse(data);
    }

    private AbstractResponse alterLegacy(RequestContext context, AlterConfigsRequest request) {
        AlterConfigsResponseData data = new AlterConfigsResponseData();
        for (var res : request.data().resources()) {
            Map<String, String> replacement = new HashMap<>();
            res.configs().forEach(c -> replacement.put(c.name(), c.value()));
            AlterConfigsResourceResponse r = alter(context, res.resourceType(), res.resourceName(), request.data().validateOnly(),
                    configs -> new HashMap<>(replacement));
            data.responses().add(new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setErrorCode(r.errorCode()).setErrorMessage(r.errorMessage())
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName()));
        }
        return new AlterConfigsResponse(data);
    }

    private AlterConfigsResourceResponse alter(RequestContext context, byte type, String name, boolean validateOnly,
                                               UnaryOperator<Map<String, String>> change) {
        AlterConfigsResourceResponse response = new AlterConfigsResourceResponse().setResourceType(type).setResourceName(name);
        try {
            authorize(context, type, name, AclOperation.ALTER_CONFIGS);
            switch (ConfigResource.Type.forId(type)) {
                case TOPIC -> cluster.alterConfigs(name, change, validateOnly);
                case BROKER -> cluster.alterBrokerConfigs(name, change, validateOnly);
                case GROUP -> cluster.alterGroupConfigs(groupName(name, "Default group resources are not allowed."),
                        change, groupConfigs::validate, validateOnly);
                default -> throw new InvalidRequestException("Only topic, group and broker configs can be altered.");
            }
        } catch (RuntimeException e) {
            response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        }
        return response;
    }

    /** Applies one operation; {@code group}: the configs are a group's, none of which is a list. */
    private static void applyIncremental(Map<String, String> configs, AlterableConfig op, boolean group) {
        String name = op.name();
        AlterConfigOp.OpType type = AlterConfigOp.OpType.forId(op.configOperation());
        if (group && (type == AlterConfigOp.OpType.APPEND || type == AlterConfigOp.OpType.SUBTRACT)) {
            throw new InvalidConfigurationException("Can't " + type + " to key " + name + " because its type is not LIST.");
        }
        switch (type) {
            case SET -> configs.put(name, op.value());
            case DELETE -> configs.remove(name);
            case APPEND, SUBTRACT -> {
                Set<String> items = configs.containsKey(name)
                        ? new LinkedHashSet<>(Arrays.asList(configs.get(name).split(","))) : new LinkedHashSet<>();
                List<String> values = Arrays.stream(op.value().split(",")).map(String::trim).toList();
                if (AlterConfigOp.OpType.forId(op.configOperation()) == AlterConfigOp.OpType.APPEND) items.addAll(values);
                else items.removeAll(values);
                configs.put(name, items.stream().collect(Collectors.joining(",")));
            }
            default -> throw new InvalidConfigurationException("Unknown config operation " + op.configOperation() + " for " + name);
        }
    }

    private void authorize(RequestContext context, byte type, String name, AclOperation operation) {
        Errors refusal = switch (ConfigResource.Type.forId(type)) {
            case TOPIC -> auth.topic(context, operation, name) ? Errors.NONE : Errors.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> auth.group(context, operation, name) ? Errors.NONE : Errors.GROUP_AUTHORIZATION_FAILED;
            default -> auth.cluster(context, operation) ? Errors.NONE : Errors.CLUSTER_AUTHORIZATION_FAILED;
        };
        if (refusal != Errors.NONE) throw refusal.exception();
    }

    /** A group resource's name; Kafka has no default group entity, and refuses the empty name with {@code message}. */
    private static String groupName(String name, String message) {
        if (name.isEmpty()) throw new InvalidRequestException(message);
        return name;
    }

    private TopicMetadata topic(String name) {
        return cluster.topic(name).orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
    }
}
