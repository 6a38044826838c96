package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without an authorizer the ACL APIs answer SECURITY_DISABLED, with Kafka's messages: MirrorMaker 2's ACL sync lists the
 * source cluster's topic ACLs this way every interval and takes that answer as "nothing to sync" (it logged an ERROR
 * each time while the API was not served).
 */
@ExtendWith(BrokerExtension.class)
class AclsWithoutAuthorizerTest {

    private static final AclBinding ACL = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
            new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));

    private final Admin admin;

    AclsWithoutAuthorizerTest(Admin admin) {
        this.admin = admin;
    }

    @Test
    void aclApisAnswerSecurityDisabled() {
        // MirrorMaker 2's filter: every topic ACL of any pattern
        AclBindingFilter mirrorMakersFilter = new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY),
                AccessControlEntryFilter.ANY);
        assertThatThrownBy(() -> admin.describeAcls(mirrorMakersFilter).values().get()).cause()
                .isInstanceOf(SecurityDisabledException.class).hasMessage("No Authorizer is configured on the broker");
        assertThatThrownBy(() -> admin.createAcls(List.of(ACL)).all().get()).cause()
                .isInstanceOf(SecurityDisabledException.class).hasMessage("No Authorizer is configured.");
        assertThatThrownBy(() -> admin.deleteAcls(List.of(ACL.toFilter())).all().get()).cause()
                .isInstanceOf(SecurityDisabledException.class).hasMessage("No Authorizer is configured.");
    }

    /** Without an authorizer every operation Kafka defines for a resource type is reported allowed, as Kafka 4.4 does. */
    @Test
    void everyOperationIsAuthorized() throws Exception {
        String topic = Topics.create(admin, "ops", 1);
        String group = "ops-" + topic;
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get();

        assertThat(admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true)).authorizedOperations().get())
                .containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                        AclOperation.CLUSTER_ACTION, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER);
        assertThat(admin.describeTopics(List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                .allTopicNames().get().get(topic).authorizedOperations())
                .containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS,
                        AclOperation.READ, AclOperation.DELETE, AclOperation.ALTER_CONFIGS, AclOperation.ALTER);
        assertThat(admin.describeConsumerGroups(List.of(group), new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                .all().get().get(group).authorizedOperations())
                .containsExactlyInAnyOrder(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    }
}
