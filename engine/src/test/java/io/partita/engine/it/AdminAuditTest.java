package io.partita.engine.it;

import io.partita.engine.audit.AuditLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every admin change through the Kafka protocol is one line of the audit log, with the caller, its address, the
 * resource and the outcome, refusals included with their error; secrets never appear, and what changes nothing
 * (a member's own offset commits, validate-only requests) is not logged.
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class AdminAuditTest {

    private static final String CALLER = "via=kafka principal=User:ANONYMOUS source=127.0.0.1 client=audit-it ";

    private final TestClients broker;
    private final Admin admin;
    private final CapturedLog audit = CapturedLog.of(AuditLog.LOGGER_NAME);

    AdminAuditTest(TestClients broker) {
        this.broker = broker;
        this.admin = broker.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "audit-it"));
    }

    @AfterEach
    void close() {
        audit.close();
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void topicsCreatedGrownAndDeletedAreAuditedWithTheirRefusals() throws Exception {
        String topic = Topics.uniqueName("audit-topic");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("retention.ms", "3600000")))).all().get();
        assertThat(line("action=CreateTopics resource=topic:" + topic + " "))
                .contains(CALLER + "action=CreateTopics resource=topic:" + topic
                        + " outcome=ok partitions=1 replication.factor=1 config.retention.ms=3600000")
                .matches("time=\\d{4}-\\d\\d-\\d\\dT\\S+Z via=kafka .*");

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get());
        assertThat(lines("action=CreateTopics resource=topic:" + topic + " outcome=TOPIC_ALREADY_EXISTS message=")).hasSize(1);

        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
        assertThat(line("action=CreatePartitions resource=topic:" + topic + " outcome=ok")).endsWith(" partitions=2");
        assertThatThrownBy(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(1))).all().get());
        assertThat(line("action=CreatePartitions resource=topic:" + topic + " outcome=INVALID_PARTITIONS"))
                .contains("message=\"The topic " + topic + " currently has 2 partition(s); 1 would not be an increase.\"");

        admin.createTopics(List.of(new NewTopic(topic + "-dry", 1, (short) 1)),
                new CreateTopicsOptions().validateOnly(true)).all().get();
        assertThat(lines("resource=topic:" + topic + "-dry")).as("a validate-only request changes nothing").isEmpty();

        admin.deleteTopics(List.of(topic)).all().get();
        assertThat(line(CALLER + "action=DeleteTopics resource=topic:" + topic + " outcome=ok")).isNotNull();
        assertThatThrownBy(() -> admin.deleteTopics(List.of(topic)).all().get());
        assertThat(line("action=DeleteTopics resource=topic:" + topic + " outcome=UNKNOWN_TOPIC_OR_PARTITION")).isNotNull();
    }

    @Test
    void aSecretValueIsMaskedEvenInARefusedChange() {
        String topic = Topics.uniqueName("audit-secret");
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("sasl.jaas.config", "org.example.Login required password=\"hunter2\";")))).all().get());

        assertThat(line("action=CreateTopics resource=topic:" + topic + " outcome=INVALID_CONFIG"))
                .contains("config.sasl.jaas.config=[hidden]")
                .doesNotContain("hunter2");
    }

    @Test
    void topicAndBrokerConfigChangesAreAuditedByOperation() throws Exception {
        String topic = Topics.create(admin, "audit-configs", 1);
        ConfigResource topicConfigs = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(topicConfigs, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("segment.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();
        assertThat(line(CALLER + "action=IncrementalAlterConfigs resource=topic:" + topic + " outcome=ok"))
                .endsWith(" set.retention.ms=86400000 delete.segment.ms=-");

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(topicConfigs, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get());
        assertThat(line("action=IncrementalAlterConfigs resource=topic:" + topic + " outcome=INVALID_CONFIG"))
                .contains("set.retention.ms=soon");

        ConfigResource brokerConfigs = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker.nodeId()));
        admin.incrementalAlterConfigs(Map.of(brokerConfigs, List.of(new AlterConfigOp(
                new ConfigEntry("leader.replication.throttled.rate", "50000000"), AlterConfigOp.OpType.SET)))).all().get();
        admin.incrementalAlterConfigs(Map.of(brokerConfigs, List.of(new AlterConfigOp(
                new ConfigEntry("leader.replication.throttled.rate", null), AlterConfigOp.OpType.DELETE)))).all().get();
        assertThat(lines("action=IncrementalAlterConfigs resource=broker:" + broker.nodeId() + " outcome=ok"))
                .anyMatch(l -> l.endsWith(" set.leader.replication.throttled.rate=50000000"))
                .anyMatch(l -> l.endsWith(" delete.leader.replication.throttled.rate=-"));

        // The old AlterConfigs, which no 4.x tool sends any more but older ones do.
        try (RawKafkaConnection raw = RawKafkaConnection.open(broker.bootstrapServers())) {
            AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic)
                    .setConfigs(new AlterConfigsRequestData.AlterableConfigCollection(List.of(
                            new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("7200000")).iterator()));
            raw.send(ApiKeys.ALTER_CONFIGS, raw.latestVersion(ApiKeys.ALTER_CONFIGS), new AlterConfigsRequestData()
                    .setResources(new AlterConfigsRequestData.AlterConfigsResourceCollection(List.of(resource).iterator())));
        }
        assertThat(line("client=partita-it-raw action=AlterConfigs resource=topic:" + topic + " outcome=ok"))
                .endsWith(" set.retention.ms=7200000");
    }

    @Test
    void clientQuotasAndScramCredentialsAreAuditedWithoutTheSecret() throws Exception {
        String client = Topics.uniqueName("audit-client");
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, client));
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1048576.0))))).all().get();
        assertThat(line(CALLER + "action=AlterClientQuotas resource=quota:clients/" + client + " outcome=ok"))
                .endsWith(" set.producer_byte_rate=1048576.0");
        assertThatThrownBy(() -> admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", -1.0))))).all().get());
        assertThat(line("action=AlterClientQuotas resource=quota:clients/" + client + " outcome=INVALID_REQUEST")).isNotNull();

        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("audited-user",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "audit-secret"))).all().get();
        assertThat(line(CALLER + "action=AlterUserScramCredentials resource=user:audited-user outcome=ok"))
                .endsWith(" set.SCRAM-SHA-256.iterations=4096")
                .doesNotContain("audit-secret");
        admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("audited-user", ScramMechanism.SCRAM_SHA_256)))
                .all().get();
        assertThat(line(CALLER + "action=AlterUserScramCredentials resource=user:audited-user outcome=ok delete.SCRAM-SHA-256=-"))
                .isNotNull();
    }

    @Test
    void reassignmentsElectionsAndUnregistrationsAreAuditedWithTheirErrors() {
        String topic = Topics.create(admin, "audit-cluster", 1);
        TopicPartition partition = new TopicPartition(topic, 0);

        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(partition,
                Optional.of(new NewPartitionReassignment(List.of(broker.nodeId(), 999))))).all().get());
        assertThat(line(CALLER + "action=AlterPartitionReassignments resource=partition:" + topic + "-0 outcome="))
                .contains(" outcome=INVALID_REPLICA_ASSIGNMENT ")
                .endsWith(" replicas=" + broker.nodeId() + ",999");
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(partition, Optional.empty())).all().get());
        assertThat(line("action=AlterPartitionReassignments resource=partition:" + topic + "-0 outcome=NO_REASSIGNMENT_IN_PROGRESS"))
                .endsWith(" cancel=true");

        assertThatThrownBy(() -> admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).all().get());
        assertThat(line(CALLER + "action=ElectLeaders resource=partition:" + topic + "-0 outcome=ELECTION_NOT_NEEDED"))
                .endsWith(" election=PREFERRED");

        assertThatThrownBy(() -> admin.unregisterBroker(4242).all().get());
        assertThat(line(CALLER + "action=UnregisterBroker resource=broker:4242 outcome=BROKER_ID_NOT_REGISTERED")).isNotNull();
    }

    @Test
    void offsetResetsOffsetDeletionsGroupDeletionsAndDeletedRecordsAreAuditedButMembersCommitsAreNot() throws Exception {
        String topic = Topics.create(admin, "audit-groups", 1);
        String group = Topics.uniqueName("audit-group");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 3; i++) producer.send(new ProducerRecord<>(topic, ("r" + i).getBytes(UTF_8))).get();
        }
        try (KafkaConsumer<byte[], byte[]> member = broker.consumer(Map.of("group.id", group))) {
            member.subscribe(List.of(topic));
            int read = 0;
            while (read < 3) read += member.poll(Duration.ofMillis(200)).count();
            member.commitSync();
        }
        assertThat(lines("resource=group:" + group)).as("a member's own commit").isEmpty();

        admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(1))).all().get();
        assertThat(line(CALLER + "action=OffsetCommit resource=group:" + group + " outcome=ok"))
                .endsWith(" partition=" + topic + "-0 offset=1");

        admin.deleteConsumerGroupOffsets(group, Set.of(partition)).all().get();
        assertThat(line(CALLER + "action=OffsetDelete resource=group:" + group + " outcome=ok"))
                .endsWith(" partition=" + topic + "-0");

        admin.deleteConsumerGroups(List.of(group)).all().get();
        assertThat(line(CALLER + "action=DeleteGroups resource=group:" + group + " outcome=ok")).isNotNull();
        assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get());
        assertThat(line("action=DeleteGroups resource=group:" + group + " outcome=GROUP_ID_NOT_FOUND")).isNotNull();

        admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(2))).all().get();
        assertThat(line(CALLER + "action=DeleteRecords resource=partition:" + topic + "-0 outcome=ok"))
                .endsWith(" before.offset=2");
    }

    @Test
    void shareGroupOffsetResetsAndDeletionsAreAuditedWithTheirRefusals() throws Exception {
        String topic = Topics.create(admin, "audit-share", 1);
        String group = Topics.uniqueName("audit-share-group");
        TopicPartition partition = new TopicPartition(topic, 0);

        admin.alterShareGroupOffsets(group, Map.of(partition, 0L)).all().get();
        assertThat(line(CALLER + "action=AlterShareGroupOffsets resource=group:" + group + " outcome=ok"))
                .endsWith(" partition=" + topic + "-0 offset=0");
        admin.deleteShareGroupOffsets(group, Set.of(topic)).all().get();
        assertThat(line(CALLER + "action=DeleteShareGroupOffsets resource=group:" + group + " outcome=ok"))
                .endsWith(" topic=" + topic);
        assertThatThrownBy(() -> admin.deleteShareGroupOffsets(group, Set.of(topic)).all().get());
        assertThat(line("action=DeleteShareGroupOffsets resource=group:" + group + " outcome=UNKNOWN_TOPIC_OR_PARTITION"))
                .endsWith(" message=\"There is no offset information to delete.\" topic=" + topic);
    }

    /** The one audit line containing {@code text}. */
    private String line(String text) {
        List<String> found = lines(text);
        assertThat(found).as("audit lines containing '%s' among %s", text, audit.lines()).hasSize(1);
        return found.get(0);
    }

    private List<String> lines(String text) {
        return audit.lines().stream().map(CapturedLog.Line::message).filter(l -> l.contains(text)).toList();
    }
}
