package io.partita.engine.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules of the ACL authorizer, as Kafka's: patterns, principals, hosts, DENY, implied operations. */
class AclAuthorizerTest {

    private static final KafkaPrincipal ALICE = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob");
    private static final InetAddress HOST = address("10.0.0.1");
    private static final InetAddress OTHER_HOST = address("10.0.0.2");

    @Test
    void literalAclAllowsOnlyItsResourceAndPrincipal() {
        AclAuthorizer auth = authorizer(acl(TOPIC, "orders", PatternType.LITERAL, "User:alice", "*", WRITE, ALLOW));

        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "orders")).isTrue();
        assertThat(auth.allowed(BOB, HOST, WRITE, TOPIC, "orders")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "orders")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "orders2")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, GROUP, "orders")).isFalse();
    }

    @Test
    void prefixedAclCoversEveryNameStartingWithIt() {
        AclAuthorizer auth = authorizer(acl(TOPIC, "sales.", PatternType.PREFIXED, "User:alice", "*", READ, ALLOW));

        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "sales.eu")).isTrue();
        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "sales.")).isTrue();
        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "sales")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "marketing.sales.eu")).isFalse();
    }

    @Test
    void wildcardResourceAndWildcardPrincipalMatchEverything() {
        AclAuthorizer auth = authorizer(
                acl(TOPIC, "*", PatternType.LITERAL, "User:alice", "*", READ, ALLOW),
                acl(GROUP, "g", PatternType.LITERAL, "User:*", "*", READ, ALLOW));

        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "anything")).isTrue();
        assertThat(auth.allowed(BOB, HOST, READ, TOPIC, "anything")).isFalse();
        assertThat(auth.allowed(BOB, HOST, READ, GROUP, "g")).isTrue();
        assertThat(auth.allowed(new KafkaPrincipal("Group", "x"), HOST, READ, GROUP, "g"))
                .as("User:* is a wildcard of users only").isFalse();
    }

    @Test
    void denyWinsOverAllowFromAnyMatchingPattern() {
        AclAuthorizer auth = authorizer(
                acl(TOPIC, "*", PatternType.LITERAL, "User:alice", "*", ALL, ALLOW),
                acl(TOPIC, "secret", PatternType.PREFIXED, "User:alice", "*", READ, DENY));

        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "secret.payroll")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "secret.payroll")).isTrue();
        assertThat(auth.allowed(ALICE, HOST, DESCRIBE, TOPIC, "secret.payroll"))
                .as("a DENY of READ does not deny what READ implies").isTrue();
        assertThat(auth.allowed(ALICE, HOST, READ, TOPIC, "public")).isTrue();
    }

    @Test
    void denyOfAllDeniesEveryOperation() {
        AclAuthorizer auth = authorizer(
                acl(TOPIC, "t", PatternType.LITERAL, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "t", PatternType.LITERAL, "User:*", "*", ALL, DENY));

        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "t")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, DESCRIBE, TOPIC, "t")).isFalse();
    }

    @Test
    void hostMustBeTheClientsAddressItsRangeOrAny() {
        AclAuthorizer auth = authorizer(
                acl(TOPIC, "t", PatternType.LITERAL, "User:alice", "10.0.0.1", WRITE, ALLOW),
                acl(TOPIC, "u", PatternType.LITERAL, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "u", PatternType.LITERAL, "User:alice", "10.0.0.2", WRITE, DENY),
                acl(TOPIC, "v", PatternType.LITERAL, "User:alice", "client.example", WRITE, ALLOW),
                acl(TOPIC, "w", PatternType.LITERAL, "User:alice", "10.0.0.0/31", WRITE, ALLOW));

        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "t")).isTrue();
        assertThat(auth.allowed(ALICE, OTHER_HOST, WRITE, TOPIC, "t")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "u")).isTrue();
        assertThat(auth.allowed(ALICE, OTHER_HOST, WRITE, TOPIC, "u")).isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "v")).as("a host name matches no client address").isFalse();
        assertThat(auth.allowed(ALICE, HOST, WRITE, TOPIC, "w")).as("10.0.0.1 is in 10.0.0.0/31").isTrue();
        assertThat(auth.allowed(ALICE, OTHER_HOST, WRITE, TOPIC, "w")).as("10.0.0.2 is not").isFalse();
    }

    @Test
    void impliedOperationsAreKafkas() {
        for (AclOperation op : List.of(READ, WRITE, DELETE, ALTER)) {
            AclAuthorizer auth = authorizer(acl(TOPIC, "t", PatternType.LITERAL, "User:alice", "*", op, ALLOW));
            assertThat(auth.allowed(ALICE, HOST, DESCRIBE, TOPIC, "t")).as(op + " implies DESCRIBE").isTrue();
            assertThat(auth.allowed(ALICE, HOST, CREATE, TOPIC, "t")).as(op + " does not imply CREATE").isFalse();
        }
        AclAuthorizer configs = authorizer(acl(TOPIC, "t", PatternType.LITERAL, "User:alice", "*", ALTER_CONFIGS, ALLOW));
        assertThat(configs.allowed(ALICE, HOST, DESCRIBE_CONFIGS, TOPIC, "t")).isTrue();
        assertThat(configs.allowed(ALICE, HOST, DESCRIBE, TOPIC, "t")).isFalse();
        AclAuthorizer all = authorizer(acl(TOPIC, "t", PatternType.LITERAL, "User:alice", "*", ALL, ALLOW));
        assertThat(all.allowed(ALICE, HOST, DELETE, TOPIC, "t")).isTrue();
    }

    @Test
    void superUsersMayDoAnythingEvenWhenDenied() {
        AclAuthorizer auth = new AclAuthorizer(List.of("User:bob", " User:carol "), false, () -> new AclIndex(List.of(
                acl(TOPIC, "t", PatternType.LITERAL, "User:*", "*", ALL, DENY))));

        assertThat(auth.allowed(BOB, HOST, DELETE, TOPIC, "t")).isTrue();
        assertThat(auth.allowed(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "carol"), HOST, WRITE, TOPIC, "other")).isTrue();
        assertThat(auth.allowed(ALICE, HOST, DESCRIBE, TOPIC, "t")).isFalse();
        assertThat(auth.allowed(new KafkaPrincipal("Group", "bob"), HOST, DESCRIBE, TOPIC, "other"))
                .as("a super user is a principal type and name").isFalse();
    }

    @Test
    void aResourceWithoutAclsIsOpenOnlyWithAllowEveryoneIfNoAclFound() {
        AclBinding bobsTopic = acl(TOPIC, "bobs", PatternType.LITERAL, "User:bob", "*", READ, ALLOW);
        AclAuthorizer closed = new AclAuthorizer(List.of(), false, () -> new AclIndex(List.of(bobsTopic)));
        AclAuthorizer open = new AclAuthorizer(List.of(), true, () -> new AclIndex(List.of(bobsTopic)));

        assertThat(closed.allowed(ALICE, HOST, READ, TOPIC, "nobodys")).isFalse();
        assertThat(open.allowed(ALICE, HOST, READ, TOPIC, "nobodys")).isTrue();
        assertThat(open.allowed(ALICE, HOST, READ, TOPIC, "bobs")).as("an ACL for anyone closes the resource").isFalse();
    }

    @Test
    void writeOnSomeTopicIsEnoughForIdempotenceUnlessDeniedAsWidely() {
        AclAuthorizer some = authorizer(acl(TOPIC, "logs.", PatternType.PREFIXED, "User:alice", "*", WRITE, ALLOW));
        AclAuthorizer takenBack = authorizer(
                acl(TOPIC, "logs.", PatternType.PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "logs", PatternType.PREFIXED, "User:alice", "*", WRITE, DENY));

        assertThat(some.allowedOnSome(ALICE, HOST, WRITE, TOPIC)).isTrue();
        assertThat(some.allowedOnSome(BOB, HOST, WRITE, TOPIC)).isFalse();
        assertThat(takenBack.allowedOnSome(ALICE, HOST, WRITE, TOPIC)).isFalse();
    }

    private static AclAuthorizer authorizer(AclBinding... acls) {
        AclIndex index = new AclIndex(List.of(acls));
        return new AclAuthorizer(List.of(), false, () -> index);
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, host, operation, permission));
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
