package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
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

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without an authorizer the ACL APIs answer SECURITY_DISABLED, as Kafka does: MirrorMaker 2's ACL sync lists the
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
        assertThatThrownBy(() -> admin.describeAcls(mirrorMakersFilter).values().get())
                .hasCauseInstanceOf(SecurityDisabledException.class);
        assertThatThrownBy(() -> admin.createAcls(List.of(ACL)).all().get()).hasCauseInstanceOf(SecurityDisabledException.class);
        assertThatThrownBy(() -> admin.deleteAcls(List.of(ACL.toFilter())).all().get())
                .hasCauseInstanceOf(SecurityDisabledException.class);
    }
}
