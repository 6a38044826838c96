package io.partita.engine.protocol;

import io.partita.engine.security.acl.AclAuthorizer;
import io.partita.engine.security.acl.AclStore;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the handlers ask before serving a request: whether the request's principal, from its client address, may
 * perform an operation on a topic, group, transactional id or the cluster. Without an authorizer
 * ({@code authorizer.class.name} empty) every answer is yes at the cost of one field read, so the hot paths pay
 * nothing. Requests a single check settles as a whole are refused before their handler runs ({@link
 * WholeRequestChecks}); the handlers check the rest per topic.
 *
 * <p>Immutable; thread-safe.
 */
public final class RequestAuthorizer {

    private static final RequestAuthorizer NONE = new RequestAuthorizer(null, null);

    /** Operations Kafka reports in the {@code authorizedOperations} fields, per resource type. */
    private static final List<AclOperation> TOPIC_OPERATIONS = List.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final List<AclOperation> GROUP_OPERATIONS = List.of(AclOperation.READ, AclOperation.DESCRIBE,
            AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final List<AclOperation> CLUSTER_OPERATIONS = List.of(AclOperation.CREATE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);

    /** Null when no authorizer is configured. */
    private final AclAuthorizer authorizer;
    private final AclStore acls;

    private RequestAuthorizer(AclAuthorizer authorizer, AclStore acls) {
        this.authorizer = authorizer;
        this.acls = acls;
    }

    /** No authorizer: everything is allowed and the ACL APIs answer SECURITY_DISABLED. */
    public static RequestAuthorizer none() {
        return NONE;
    }

    /** The built-in authorizer over the cluster's ACLs in {@code acls}. */
    public static RequestAuthorizer withAcls(AclStore acls, Collection<String> superUsers, boolean allowEveryoneIfNoAclFound) {
        return new RequestAuthorizer(new AclAuthorizer(superUsers, allowEveryoneIfNoAclFound, acls), acls);
    }

    boolean enabled() {
        return authorizer != null;
    }

    /** The authorizer deciding, when one is configured: for checks outside Kafka's protocol (the admin API's logins). */
    public Optional<AclAuthorizer> aclAuthorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** The cluster's ACLs, when an authorizer is configured. */
    Optional<AclStore> acls() {
        return Optional.ofNullable(acls);
    }

    boolean allowed(RequestContext context, AclOperation operation, ResourceType type, String name) {
        return authorizer == null || authorizer.allowed(context.principal, context.clientAddress, operation, type, name);
    }

    boolean topic(RequestContext context, AclOperation operation, String topic) {
        return allowed(context, operation, ResourceType.TOPIC, topic);
    }

    boolean group(RequestContext context, AclOperation operation, String groupId) {
        return allowed(context, operation, ResourceType.GROUP, groupId);
    }

    boolean transactionalId(RequestContext context, AclOperation operation, String transactionalId) {
        return allowed(context, operation, ResourceType.TRANSACTIONAL_ID, transactionalId);
    }

    boolean cluster(RequestContext context, AclOperation operation) {
        return allowed(context, operation, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }

    /** Throws TOPIC_AUTHORIZATION_FAILED's exception unless {@code operation} is allowed on {@code topic}. */
    void requireTopic(RequestContext context, AclOperation operation, String topic) {
        if (!topic(context, operation, topic)) throw Errors.TOPIC_AUTHORIZATION_FAILED.exception();
    }

    /** Whether the principal may produce idempotently: IDEMPOTENT_WRITE on the cluster, or WRITE on any topic. */
    boolean idempotentWrite(RequestContext context) {
        return authorizer == null || cluster(context, AclOperation.IDEMPOTENT_WRITE)
                || authorizer.allowedOnSome(context.principal, context.clientAddress, AclOperation.WRITE, ResourceType.TOPIC);
    }

    /** The items among {@code items} whose resource (named by {@code name}) allows {@code operation}, in order. */
    <T> List<T> filter(RequestContext context, AclOperation operation, ResourceType type, Collection<T> items,
                       Function<T, String> name) {
        if (authorizer == null) return List.copyOf(items);
        List<T> allowed = new ArrayList<>();
        for (T item : items) if (allowed(context, operation, type, name.apply(item))) allowed.add(item);
        return allowed;
    }

    /**
     * Kafka's {@code authorizedOperations} bit field for a resource: the operations of its type the principal may
     * perform (every one of them without an authorizer).
     */
    int authorizedOperations(RequestContext context, ResourceType type, String name) {
        List<AclOperation> operations = switch (type) {
            case TOPIC -> TOPIC_OPERATIONS;
            case GROUP -> GROUP_OPERATIONS;
            case CLUSTER -> CLUSTER_OPERATIONS;
            case TRANSACTIONAL_ID -> List.of(AclOperation.DESCRIBE, AclOperation.WRITE);
            case DELEGATION_TOKEN -> List.of(AclOperation.DESCRIBE);
            default -> List.of();
        };
        Set<Byte> codes = new HashSet<>();
        for (AclOperation op : operations) if (allowed(context, op, type, name)) codes.add(op.code());
        return Utils.to32BitField(codes);
    }
}
