package io.partita.engine.it;

import io.partita.engine.audit.AuditLog;
import io.partita.engine.config.NodeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopicCollection;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.ShareGroupDescribeResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node with the ACL authorizer on ({@code authorizer.class.name} = Kafka's StandardAuthorizer), served to Kafka's
 * own clients and kafka-acls.sh over PLAINTEXT, where every client is {@code User:ANONYMOUS}. The ACLs are set up by
 * the node started once with ANONYMOUS as super user, then restarted with another super user: from then on
 * ANONYMOUS may do what its ACLs allow (managing ACLs, idempotent writes) and nothing else.
 */
@Tag("slow")
class AclAuthorizationTest {

    private static final String ANONYMOUS = "User:ANONYMOUS";
    private static final String HIDDEN = "acl-hidden";
    private static final String VISIBLE = "acl-visible";
    private static final String WRITTEN = "acl-write";
    private static final String READ = "acl-read";
    private static final String TRANSACTIONAL = "acl-txn-topic";
    private static final String REGEX_OPEN = "acl-regex-open";
    private static final String REGEX_HIDDEN = "acl-regex-hidden";
    private static final String REVOKED = "acl-revoked";
    private static final String SHARE_OFFSETS = "acl-share-offsets";
    /** Topic ids by name, as created. */
    private static final Map<String, Uuid> IDS = new HashMap<>();

    @TempDir
    static Path dataDir;
    private static TestNode node;

    @BeforeAll
    static void startWithAclsForAnonymous() throws Exception {
        ExternalBroker.assumeNone();
        NodeConfig settings = TestNode.settings(dataDir, 1, false)
                .with(NodeConfig.AUTHORIZER_CLASS_NAME, "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .with(NodeConfig.SUPER_USERS, ANONYMOUS);
        node = TestNode.start(settings);
        try (Admin admin = node.clients().admin()) {
            CreateTopicsResult created = admin.createTopics(Stream.of(HIDDEN, VISIBLE, WRITTEN, READ, TRANSACTIONAL,
                    REGEX_OPEN, REGEX_HIDDEN, REVOKED, SHARE_OFFSETS).map(name -> new NewTopic(name, 1, (short) 1)).toList());
            for (Map.Entry<String, KafkaFuture<Void>> topic : created.values().entrySet()) {
                IDS.put(topic.getKey(), created.topicId(topic.getKey()).get());
            }
            allow(admin, new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
                    AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.IDEMPOTENT_WRITE);
            allow(admin, topic(VISIBLE), AclOperation.DESCRIBE);
        }
        node.restart(settings.with(NodeConfig.SUPER_USERS, "User:admin"));
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    @Test
    void kafkaAclsAddsListsAndRemovesAndEachChangeIsAudited() {
        try (CapturedLog audit = CapturedLog.of(AuditLog.LOGGER_NAME)) {
            AclToolRoundTrip.run(node.clients().bootstrapServers(), ANONYMOUS, audit);
        }
    }

    @Test
    void invalidAclsAreRefusedWithKafkasMessages() {
        ResourcePattern topic = topic("acl-invalid");
        try (Admin admin = node.clients().admin()) {
            assertThatThrownBy(() -> admin.createAcls(List.of(new AclBinding(topic,
                    new AccessControlEntry("alice", "*", AclOperation.READ, AclPermissionType.ALLOW)))).all().get()).cause()
                    .isInstanceOf(InvalidRequestException.class).hasMessage("Could not parse principal from `alice` "
                            + "(no colon is present separating the principal type from the principal name)");
            assertThatThrownBy(() -> admin.createAcls(List.of(new AclBinding(topic,
                    new AccessControlEntry(ANONYMOUS, "", AclOperation.READ, AclPermissionType.ALLOW)))).all().get()).cause()
                    .isInstanceOf(InvalidRequestException.class).hasMessage("Host pattern cannot be null or empty");
            assertThatThrownBy(() -> admin.createAcls(List.of(new AclBinding(
                    new ResourcePattern(ResourceType.CLUSTER, "other", PatternType.LITERAL),
                    new AccessControlEntry(ANONYMOUS, "*", AclOperation.ALTER, AclPermissionType.ALLOW)))).all().get()).cause()
                    .isInstanceOf(InvalidRequestException.class).hasMessage("The only valid name for the CLUSTER resource is kafka-cluster");
        }
    }

    @Test
    void producingNeedsWriteOnTheTopic() throws Exception {
        String topic = WRITTEN;
        try (KafkaProducer<byte[], byte[]> producer = node.clients().producer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "refused".getBytes())).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(topic), AclOperation.WRITE);
        }
        try (KafkaProducer<byte[], byte[]> producer = node.clients().producer()) {
            assertThat(producer.send(new ProducerRecord<>(topic, "allowed".getBytes())).get().offset()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumingNeedsReadOnTheGroup(String protocol) throws Exception {
        String topic = READ;
        String group = "acl-readers-" + protocol;
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(topic), AclOperation.READ);
        }
        Map<String, Object> settings = groupSettings(group, protocol);
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(settings)) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
        try (Admin admin = node.clients().admin()) {
            allow(admin, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(settings)) {
            consumer.subscribe(List.of(topic));
            awaitAssignment(consumer);
            consumer.commitSync();
        }
    }

    @Test
    void aTransactionalProducerNeedsWriteOnItsTransactionalId() throws Exception {
        String topic = TRANSACTIONAL;
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(topic), AclOperation.WRITE);
        }
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "acl-txn");
        try (KafkaProducer<byte[], byte[]> producer = node.clients().producer(transactional)) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        try (Admin admin = node.clients().admin()) {
            allow(admin, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "acl-txn", PatternType.LITERAL), AclOperation.WRITE);
        }
        try (KafkaProducer<byte[], byte[]> producer = node.clients().producer(transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "in a transaction".getBytes())).get();
            producer.commitTransaction();
        }
    }

    @Test
    void metadataHidesTopicsWithoutDescribeAndReportsTheAuthorizedOperations() throws Exception {
        try (Admin admin = node.clients().admin()) {
            assertThat(admin.listTopics().names().get()).contains(VISIBLE).doesNotContain(HIDDEN);
            assertThat(admin.describeTopics(List.of(VISIBLE), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .allTopicNames().get().get(VISIBLE).authorizedOperations()).containsExactly(AclOperation.DESCRIBE);
            assertThatThrownBy(() -> admin.describeTopics(List.of(HIDDEN)).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void creatingAndDeletingTopicsNeedCreateAndDelete() throws Exception {
        try (Admin admin = node.clients().admin()) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("acl-new", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(VISIBLE)).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            allow(admin, new ResourcePattern(ResourceType.TOPIC, "acl-new", PatternType.PREFIXED), AclOperation.CREATE, AclOperation.DELETE);
            admin.createTopics(List.of(new NewTopic("acl-new-1", 1, (short) 1))).all().get();
            admin.deleteTopics(List.of("acl-new-1")).all().get();
            assertThat(admin.listTopics().names().get()).contains(VISIBLE).doesNotContain("acl-new-1");
        }
    }

    /** As Kafka's: a topic the member may not DESCRIBE is left out of what its regex resolves to, so never assigned. */
    @Test
    void aRegexSubscriptionIsAssignedOnlyTopicsThePrincipalMayDescribe() throws Exception {
        String group = "acl-regex-readers";
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(REGEX_OPEN), AclOperation.READ);
            allow(admin, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ);
        }
        Map<String, Object> settings = groupSettings(group, "consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(settings);
             Admin admin = node.clients().admin()) {
            consumer.subscribe(new SubscriptionPattern("acl-regex-.*"));
            awaitAssignment(consumer);
            // what the coordinator assigned, not only what the client could resolve
            MemberDescription member = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get()
                    .members().iterator().next();
            assertThat(member.assignment().topicPartitions()).containsExactly(new TopicPartition(REGEX_OPEN, 0));
            assertThat(member.targetAssignment()).get().extracting(MemberAssignment::topicPartitions)
                    .isEqualTo(Set.of(new TopicPartition(REGEX_OPEN, 0)));
        }
    }

    /** As Kafka 4.4 answers (KAFKA-18813): the consumer protocol shows no topic the principal may not describe. */
    @Test
    void aGroupMemberNeedsDescribeOnTheTopicsItSubscribesToAndADescriberOnThoseItIsAssigned() throws Exception {
        String group = "acl-by-name";
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(REVOKED), AclOperation.READ);
            allow(admin, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ);
        }
        Map<String, Object> settings = groupSettings(group, "consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(settings)) {
            consumer.subscribe(List.of(HIDDEN));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(settings);
             Admin admin = node.clients().admin()) {
            consumer.subscribe(List.of(REVOKED));
            awaitAssignment(consumer);
            assertThat(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members()).hasSize(1);

            admin.deleteAcls(List.of(new AclBindingFilter(topic(REVOKED).toFilter(), AccessControlEntryFilter.ANY))).all().get();

            assertThatThrownBy(() -> admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** As Kafka 4.4 answers: a share member needs READ on its group and DESCRIBE on every topic it names. */
    @Test
    void aShareGroupMemberNeedsReadOnTheGroupAndDescribeOnItsTopics() throws Exception {
        String group = "acl-share";
        try (RawKafkaConnection connection = RawKafkaConnection.open(node.clients().bootstrapServers())) {
            assertThat(shareJoin(connection, group, VISIBLE).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
            try (Admin admin = node.clients().admin()) {
                allow(admin, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ);
            }
            assertThat(shareJoin(connection, group, HIDDEN).errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
            ShareGroupHeartbeatResponseData joined = await().atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        // FindCoordinator creates the offsets topic the group lives in
                        connection.send(ApiKeys.FIND_COORDINATOR, (short) 4, new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group)));
                        return shareJoin(connection, group, VISIBLE);
                    },
                            r -> !(Errors.forCode(r.errorCode()).exception() instanceof RetriableException));
            assertThat(joined.errorCode()).isZero();
            ShareGroupDescribeResponseData described = ((ShareGroupDescribeResponse) connection.send(ApiKeys.SHARE_GROUP_DESCRIBE,
                    (short) 1, new ShareGroupDescribeRequestData().setGroupIds(List.of(group, "acl-share-other")))).data();
            assertThat(described.groups()).extracting(g -> Errors.forCode(g.errorCode()))
                    .containsExactly(Errors.NONE, Errors.GROUP_AUTHORIZATION_FAILED);
        }
    }

    /**
     * As Kafka 4.4's: DescribeShareGroupOffsets needs DESCRIBE on the group and on each topic, AlterShareGroupOffsets
     * READ on both, DeleteShareGroupOffsets DELETE on the group and READ on each topic.
     */
    @Test
    void shareGroupOffsetsNeedTheirOperationsOnTheGroupAndOnEachTopic() throws Exception {
        String group = "acl-share-offsets";
        String topic = SHARE_OFFSETS;
        try (RawKafkaConnection connection = RawKafkaConnection.open(node.clients().bootstrapServers())) {
            assertThat(resetShareOffsets(connection, group, topic).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
            assertThat(deleteShareOffsets(connection, group, topic).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
            assertThat(describeShareOffsets(connection, group, topic).errorCode()).isEqualTo(Errors.GROUP_AUTHORIZATION_FAILED.code());
            try (Admin admin = node.clients().admin()) {
                allow(admin, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL),
                        AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE);
            }
            AlterShareGroupOffsetsResponseData refused = await().atMost(Duration.ofSeconds(20)).until(() -> {
                // FindCoordinator creates the offsets topic the group lives in
                connection.send(ApiKeys.FIND_COORDINATOR, (short) 4, new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group)));
                return resetShareOffsets(connection, group, topic);
            }, r -> !(Errors.forCode(r.errorCode()).exception() instanceof RetriableException));
            assertThat(refused.errorCode()).isZero();
            assertThat(refused.responses()).flatExtracting(AlterShareGroupOffsetsResponseTopic::partitions)
                    .extracting(AlterShareGroupOffsetsResponsePartition::errorCode).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code());
            assertThat(describeShareOffsets(connection, group, topic).topics()).flatExtracting(DescribeShareGroupOffsetsResponseTopic::partitions)
                    .extracting(DescribeShareGroupOffsetsResponsePartition::errorCode).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code());
            assertThat(deleteShareOffsets(connection, group, topic).responses())
                    .extracting(DeleteShareGroupOffsetsResponseTopic::errorCode).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code());

            try (Admin admin = node.clients().admin()) {
                allow(admin, topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
            }
            assertThat(resetShareOffsets(connection, group, topic).responses()).flatExtracting(AlterShareGroupOffsetsResponseTopic::partitions)
                    .extracting(AlterShareGroupOffsetsResponsePartition::errorCode).containsExactly(Errors.NONE.code());
            assertThat(describeShareOffsets(connection, group, topic).topics()).flatExtracting(DescribeShareGroupOffsetsResponseTopic::partitions)
                    .extracting(DescribeShareGroupOffsetsResponsePartition::startOffset).containsExactly(0L);
            assertThat(deleteShareOffsets(connection, group, topic).responses())
                    .extracting(DeleteShareGroupOffsetsResponseTopic::errorCode).containsExactly(Errors.NONE.code());
        }
    }

    private static AlterShareGroupOffsetsResponseData resetShareOffsets(RawKafkaConnection connection, String group, String topic) {
        AlterShareGroupOffsetsRequestTopicCollection topics = new AlterShareGroupOffsetsRequestTopicCollection();
        topics.add(new AlterShareGroupOffsetsRequestTopic().setTopicName(topic).setPartitions(List.of(
                new AlterShareGroupOffsetsRequestPartition().setPartitionIndex(0).setStartOffset(0))));
        return ((AlterShareGroupOffsetsResponse) connection.send(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, (short) 0,
                new AlterShareGroupOffsetsRequestData().setGroupId(group).setTopics(topics))).data();
    }

    private static DescribeShareGroupOffsetsResponseGroup describeShareOffsets(RawKafkaConnection connection, String group, String topic) {
        return ((DescribeShareGroupOffsetsResponse) connection.send(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, (short) 1,
                new DescribeShareGroupOffsetsRequestData().setGroups(List.of(new DescribeShareGroupOffsetsRequestGroup()
                        .setGroupId(group).setTopics(List.of(new DescribeShareGroupOffsetsRequestTopic()
                                .setTopicName(topic).setPartitions(List.of(0)))))))).data().groups().get(0);
    }

    private static DeleteShareGroupOffsetsResponseData deleteShareOffsets(RawKafkaConnection connection, String group, String topic) {
        return ((DeleteShareGroupOffsetsResponse) connection.send(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, (short) 0,
                new DeleteShareGroupOffsetsRequestData().setGroupId(group).setTopics(List.of(
                        new DeleteShareGroupOffsetsRequestTopic().setTopicName(topic))))).data();
    }

    private static ShareGroupHeartbeatResponseData shareJoin(RawKafkaConnection connection, String group, String topic) {
        return ((ShareGroupHeartbeatResponse) connection.send(ApiKeys.SHARE_GROUP_HEARTBEAT, (short) 1,
                new ShareGroupHeartbeatRequestData().setGroupId(group).setMemberId(Uuid.randomUuid().toString())
                        .setMemberEpoch(0).setSubscribedTopicNames(List.of(topic)))).data();
    }

    /** As Kafka 4.4 answers: created, but its configs, partition count and replication factor are not shown. */
    @Test
    void aCreatedTopicsConfigsAreShownOnlyWithDescribeConfigs() throws Exception {
        String shown = "acl-made-shown";
        String withheld = "acl-made-withheld";
        try (Admin admin = node.clients().admin()) {
            allow(admin, new ResourcePattern(ResourceType.TOPIC, "acl-made-", PatternType.PREFIXED), AclOperation.CREATE);
            allow(admin, topic(shown), AclOperation.DESCRIBE_CONFIGS);
        }
        CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(10_000);
        for (String name : List.of(shown, withheld)) {
            create.topics().add(new CreatableTopic().setName(name).setNumPartitions(2).setReplicationFactor((short) 1));
        }
        CreateTopicsResponseData answer;
        try (RawKafkaConnection raw = RawKafkaConnection.open(node.clients().bootstrapServers())) {
            answer = ((CreateTopicsResponse) raw.send(ApiKeys.CREATE_TOPICS, raw.latestVersion(ApiKeys.CREATE_TOPICS), create)).data();
        }
        CreatableTopicResult described = answer.topics().find(shown);
        assertThat(described.errorCode()).isZero();
        assertThat(described.topicConfigErrorCode()).isZero();
        assertThat(described.numPartitions()).isEqualTo(2);
        assertThat(described.configs()).extracting(CreatableTopicConfigs::name).contains("retention.ms");
        CreatableTopicResult notDescribed = answer.topics().find(withheld);
        assertThat(notDescribed.errorCode()).as("created").isZero();
        assertThat(notDescribed.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(notDescribed.topicConfigErrorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(notDescribed.numPartitions()).isEqualTo(-1);
        assertThat(notDescribed.replicationFactor()).isEqualTo((short) -1);
        assertThat(notDescribed.configs()).isEmpty();

        try (Admin admin = node.clients().admin()) {
            CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("acl-made-by-admin", 1, (short) 1)));
            result.all().get();
            assertThatThrownBy(() -> result.config("acl-made-by-admin").get()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * As Kafka 4.4 answers DeleteTopics by id: a topic the principal may not describe keeps its name (null in the
     * answer), one it may describe is named; either is refused without DELETE, and an unknown id is UNKNOWN_TOPIC_ID.
     */
    @Test
    void deletingByIdTellsTheNameOnlyToWhoMayDescribeTheTopic() throws Exception {
        String deletable = "acl-delete-by-id";
        Uuid id;
        try (Admin admin = node.clients().admin()) {
            allow(admin, topic(deletable), AclOperation.CREATE, AclOperation.DELETE);
            admin.createTopics(List.of(new NewTopic(deletable, 1, (short) 1))).all().get();
            id = admin.describeTopics(List.of(deletable)).allTopicNames().get().get(deletable).topicId();
        }
        Uuid unknown = Uuid.randomUuid();
        DeleteTopicsRequestData delete = new DeleteTopicsRequestData().setTimeoutMs(10_000);
        for (Uuid topicId : List.of(IDS.get(HIDDEN), IDS.get(VISIBLE), unknown, id)) {
            delete.topics().add(new DeleteTopicState().setTopicId(topicId));
        }
        Map<Uuid, DeletableTopicResult> answers = new HashMap<>();
        try (RawKafkaConnection raw = RawKafkaConnection.open(node.clients().bootstrapServers())) {
            ((DeleteTopicsResponse) raw.send(ApiKeys.DELETE_TOPICS, raw.latestVersion(ApiKeys.DELETE_TOPICS), delete)).data()
                    .responses().forEach(r -> answers.put(r.topicId(), r));
        }
        assertThat(answers.get(IDS.get(HIDDEN))).extracting(DeletableTopicResult::name, DeletableTopicResult::errorCode)
                .containsExactly(null, Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(answers.get(IDS.get(VISIBLE))).extracting(DeletableTopicResult::name, DeletableTopicResult::errorCode)
                .containsExactly(VISIBLE, Errors.TOPIC_AUTHORIZATION_FAILED.code());
        assertThat(answers.get(unknown)).extracting(DeletableTopicResult::name, DeletableTopicResult::errorCode)
                .containsExactly(null, Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(answers.get(id)).extracting(DeletableTopicResult::name, DeletableTopicResult::errorCode)
                .containsExactly(deletable, Errors.NONE.code());

        try (Admin admin = node.clients().admin()) {
            assertThatThrownBy(() -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(IDS.get(HIDDEN)))).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteTopics(List.of("acl-no-such-topic")).all().get())
                    .as("whether a name exists is not told either").hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** A whole cluster that restarts (Hazelcast's metadata gone) gets its ACLs back from the node's metadata snapshot. */
    @Test
    void aclsSurviveARestartOfTheWholeCluster() throws Exception {
        node.restart(TestNode.Restart.FRESH_MEMBER);
        try (Admin admin = node.clients().admin()) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .contains(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
                            new AccessControlEntry(ANONYMOUS, "*", AclOperation.ALTER, AclPermissionType.ALLOW)));
            assertThat(admin.listTopics().names().get()).contains(VISIBLE).doesNotContain(HIDDEN);
        }
    }

    /** A member of {@code group}, speaking {@code protocol} ({@code classic} or {@code consumer}), reading from the start. */
    private static Map<String, Object> groupSettings(String group, String protocol) {
        return Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private static void awaitAssignment(KafkaConsumer<byte[], byte[]> consumer) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static void allow(Admin admin, ResourcePattern pattern, AclOperation... operations)
            throws ExecutionException, InterruptedException {
        admin.createAcls(Arrays.stream(operations).map(op -> new AclBinding(pattern,
                new AccessControlEntry(ANONYMOUS, "*", op, AclPermissionType.ALLOW))).toList()).all().get();
        assertThat(admin.describeAcls(new AclBindingFilter(pattern.toFilter(),
                new AccessControlEntry(ANONYMOUS, "*", operations[0], AclPermissionType.ALLOW).toFilter()))
                .values().get()).hasSize(1);
    }
}
