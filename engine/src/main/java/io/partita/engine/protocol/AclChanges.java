package io.partita.engine.protocol;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsMatchingAcl;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audited changes of ACLs: each ACL created, and each ACL a DeleteAcls filter removed (a filter refused as a
 * whole is one line with the filter's error). The resource is the ACL's resource ({@code topic:orders},
 * {@code group:shop}, {@code cluster:kafka-cluster}); the pattern type, principal, host, operation and permission
 * follow as details. Stateless.
 */
final class AclChanges {

    private AclChanges() {
    }

    static List<AdminChange> created(AbstractRequest request, AbstractResponse response) {
        List<AclCreation> creations = ((CreateAclsRequest) request).data().creations();
        List<AclCreationResult> results = ((CreateAclsResponse) response).results();
        List<AdminChange> changes = new ArrayList<>();
        for (int i = 0; i < creations.size(); i++) {
            AclCreation acl = creations.get(i);
            AclCreationResult result = i < results.size() ? results.get(i) : null;
            short error = result == null ? Errors.UNKNOWN_SERVER_ERROR.code() : result.errorCode();
            changes.add(describe(AdminChange.of(resource(acl.resourceType(), acl.resourceName()), error,
                            result == null ? null : result.errorMessage()), acl.resourcePatternType(), acl.principal(),
                    acl.host(), acl.operation(), acl.permissionType()));
        }
        return changes;
    }

    static List<AdminChange> deleted(AbstractRequest request, AbstractResponse response) {
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteAclsFilterResult filter : ((DeleteAclsResponse) response).filterResults()) {
            if (filter.errorCode() != Errors.NONE.code()) {
                changes.add(AdminChange.of("acls", filter.errorCode(), filter.errorMessage()));
                continue;
            }
            for (DeleteAclsMatchingAcl acl : filter.matchingAcls()) {
                changes.add(describe(AdminChange.of(resource(acl.resourceType(), acl.resourceName()), acl.errorCode(),
                                acl.errorMessage()), acl.patternType(), acl.principal(), acl.host(), acl.operation(),
                        acl.permissionType()));
            }
        }
        if (changes.isEmpty() && !((DeleteAclsRequest) request).data().filters().isEmpty()) {
            changes.add(AdminChange.of("acls", Errors.NONE.code(), null).with("removed", 0));
        }
        return changes;
    }

    private static AdminChange describe(AdminChange change, byte patternType, String principal, String host,
                                        byte operation, byte permission) {
        return change.with("pattern", lower(PatternType.fromCode(patternType).name()))
                .with("principal", principal)
                .with("host", host)
                .with("operation", lower(AclOperation.fromCode(operation).name()))
                .with("permission", lower(AclPermissionType.fromCode(permission).name()));
    }

    private static String resource(byte type, String name) {
        return lower(ResourceType.fromCode(type).name()) + ":" + name;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
