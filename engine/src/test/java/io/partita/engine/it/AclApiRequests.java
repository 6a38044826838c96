package io.partita.engine.it;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.util.List;
import java.util.Map;

/** Requests of the ACL APIs, to a node without an authorizer: each is answered SECURITY_DISABLED, as by Kafka. */
final class AclApiRequests {

    private AclApiRequests() {
    }

    static Map<ApiKeys, ApiRequests> all() {
        return Map.of(
                ApiKeys.DESCRIBE_ACLS, ApiRequests.of((f, v) -> new DescribeAclsRequestData()
                        .setResourceTypeFilter(ResourceType.TOPIC.code()).setResourceNameFilter(f.topic)
                        .setPatternTypeFilter(PatternType.LITERAL.code())
                        .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code()),
                        Errors.SECURITY_DISABLED),
                ApiKeys.CREATE_ACLS, ApiRequests.of((f, v) -> new CreateAclsRequestData().setCreations(List.of(new AclCreation()
                        .setResourceType(ResourceType.TOPIC.code()).setResourceName(f.topic)
                        .setResourcePatternType(PatternType.LITERAL.code()).setPrincipal("User:alice").setHost("*")
                        .setOperation(AclOperation.READ.code()).setPermissionType(AclPermissionType.ALLOW.code()))),
                        Errors.SECURITY_DISABLED),
                ApiKeys.DELETE_ACLS, ApiRequests.of((f, v) -> new DeleteAclsRequestData().setFilters(List.of(new DeleteAclsFilter()
                        .setResourceTypeFilter(ResourceType.TOPIC.code()).setResourceNameFilter(f.topic)
                        .setPatternTypeFilter(PatternType.LITERAL.code())
                        .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code()))),
                        Errors.SECURITY_DISABLED));
    }
}
