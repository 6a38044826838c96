package io.partita.engine.security.acl;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether a principal connected from a host may perform an operation on a resource, as Kafka's
 * authorizer does: a super user ({@code super.users}) may do anything; otherwise the cluster's ACLs
 * ({@link AclIndex}) decide, and a resource without any ACL is allowed only with
 * {@code allow.everyone.if.no.acl.found}.
 *
 * <p>A check allocates nothing: it is on the path of every Produce and Fetch. Thread-safe; the ACLs it reads are
 * replaced whole when they change.
 */
public final class AclAuthorizer {

    /** Principal names of the super users, by principal type. */
    private final Map<String, Set<String>> superUsers = new HashMap<>();
    private final boolean allowEveryoneIfNoAclFound;
    private final Supplier<AclIndex> acls;

    /** @param superUsers principals as {@code Type:name}, e.g. {@code User:admin} */
    public AclAuthorizer(Collection<String> superUsers, boolean allowEveryoneIfNoAclFound, AclStore acls) {
        this(superUsers, allowEveryoneIfNoAclFound, acls::index);
    }

    AclAuthorizer(Collection<String> superUsers, boolean allowEveryoneIfNoAclFound, Supplier<AclIndex> acls) {
        for (String s : superUsers) {
            KafkaPrincipal p = Principals.parse(s.trim());
            this.superUsers.computeIfAbsent(p.getPrincipalType(), t -> new HashSet<>()).add(p.getName());
        }
        this.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound;
        this.acls = acls;
    }

    public boolean allowed(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type, String name) {
        if (isSuperUser(principal)) return true;
        return switch (acls.get().decide(principal, host, operation, type, name)) {
            case ALLOWED -> true;
            case DENIED -> false;
            case NO_ACLS -> allowEveryoneIfNoAclFound;
        };
    }

    /**
     * Whether {@code operation} is allowed on at least one resource of {@code type} (Kafka's check by resource
     * type: an idempotent producer may write with WRITE on any topic instead of IDEMPOTENT_WRITE on the cluster).
     */
    public boolean allowedOnSome(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type) {
        if (isSuperUser(principal)) return true;
        AclIndex index = acls.get();
        if (allowEveryoneIfNoAclFound && index.bindings().stream().noneMatch(b -> b.pattern().resourceType() == type)) return true;
        return index.allowsSome(principal, host, operation, type);
    }

    private boolean isSuperUser(KafkaPrincipal principal) {
        Set<String> names = superUsers.get(principal.getPrincipalType());
        return names != null && names.contains(principal.getName());
    }
}
