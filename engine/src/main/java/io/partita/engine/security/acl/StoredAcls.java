package io.partita.engine.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.List;

/**
 * The ACLs of one resource pattern as the metadata store keeps them (JSON, Kafka's enum names): one entry per
 * pattern, so that adding or removing an ACL is one compare-and-set of its pattern's entry.
 */
public record StoredAcls(String resourceType, String patternType, String name, List<Entry> entries) {

    /** One access control entry of the pattern. */
    public record Entry(String principal, String host, String operation, String permission) {

        static Entry of(AccessControlEntry ace) {
            return new Entry(ace.principal(), ace.host(), ace.operation().name(), ace.permissionType().name());
        }

        AccessControlEntry toEntry() {
            return new AccessControlEntry(principal, host, AclOperation.valueOf(operation), AclPermissionType.valueOf(permission));
        }
    }

    ResourcePattern pattern() {
        return new ResourcePattern(ResourceType.valueOf(resourceType), name, PatternType.valueOf(patternType));
    }

    List<AclBinding> bindings() {
        ResourcePattern pattern = pattern();
        return entries.stream().map(e -> new AclBinding(pattern, e.toEntry())).toList();
    }

    /** The store key of {@code pattern} under the ACLs' prefix; the name comes last, so it may hold any character. */
    static String keyOf(ResourcePattern pattern) {
        return pattern.resourceType().name() + "/" + pattern.patternType().name() + "/" + pattern.name();
    }
}
