package io.partita.engine.cluster;

import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes with the ACL authorizer on replicate as long as the principal their peer connections have (on
 * PLAINTEXT, {@code User:ANONYMOUS}) may CLUSTER_ACTION on the cluster, as Kafka's followers need: a DENY of it, seen by
 * every node within a metadata poll, stops the followers' fetches and the ISR shrinks to the leader; removing the DENY
 * brings the followers back.
 */
@Tag("cluster")
class ReplicationUnderAclsTest {

    private static final ResourcePattern CLUSTER = new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL);
    private static final String ANONYMOUS = "User:ANONYMOUS";

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void followersNeedClusterActionToFetch() throws Exception {
        // allow.everyone.if.no.acl.found lets the test's ANONYMOUS admin create the first ACLs; from then on the
        // cluster resource has ACLs and only what they allow goes.
        TestCluster cluster = clusters.start(2_000, (id, config) -> config
                .with(NodeConfig.AUTHORIZER_CLASS_NAME, "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .with(NodeConfig.SUPER_USERS, "User:admin")
                .with(NodeConfig.ALLOW_EVERYONE_IF_NO_ACL_FOUND, true));
        Admin admin = cluster.admin();
        admin.createAcls(List.of(acl(AclOperation.ALL, AclPermissionType.ALLOW))).all().get();
        admin.createTopics(List.of(new NewTopic("guarded", 1, (short) 3))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> isrSize(admin) == 3);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of("acks", "all"));
        producer.send(new ProducerRecord<>("guarded", "replicated".getBytes())).get();

        admin.createAcls(List.of(acl(AclOperation.CLUSTER_ACTION, AclPermissionType.DENY))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> isrSize(admin) == 1);

        admin.deleteAcls(List.of(acl(AclOperation.CLUSTER_ACTION, AclPermissionType.DENY).toFilter())).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> isrSize(admin) == 3);
        assertThat(producer.send(new ProducerRecord<>("guarded", "again".getBytes())).get().offset()).isEqualTo(1);
    }

    private static AclBinding acl(AclOperation operation, AclPermissionType permission) {
        return new AclBinding(CLUSTER, new AccessControlEntry(ANONYMOUS, "*", operation, permission));
    }

    private static int isrSize(Admin admin) throws Exception {
        return TestCluster.partition(admin, "guarded").isr().size();
    }
}
