package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopicCollection;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.utils.Utils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

/**
 * What requests of every API can refer to so that their answers carry values, made with Kafka's own clients: a
 * topic with records, an aborted and an open transaction, a group with committed offsets; and, made anew for each
 * request that needs one, group members and transactions (so that no session expires while other APIs are tried).
 *
 * <p>Setup requests go over a connection of their own, at the highest version both sides support. Not thread-safe:
 * one test class drives it; {@link #close()} ends the open transaction and closes the clients.
 */
final class ApiFixture implements AutoCloseable {

    /** Long enough that nothing made here expires while the test runs. */
    static final int SESSION_TIMEOUT_MS = 300_000;
    static final int RECORDS = 10;
    static final String PROTOCOL = "range";

    final TestClients broker;
    /**
     * Three partitions: 0 holds {@link #RECORDS} records from an idempotent producer, at {@link #t0} plus one second
     * per offset, then an aborted transaction; 1 a transaction left open; 2 records like 0's.
     */
    final String topic;
    final Uuid topicId;
    final long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    /** One partition that transactions and markers may write to. */
    final String scratchTopic;
    /** Offsets committed for partitions 0 and 1 of {@link #topic}, with leader epoch and metadata; no member. */
    final String group;
    final String openTransactionalId;

    private final Admin admin;
    private final RawKafkaConnection setup;
    private final KafkaProducer<byte[], byte[]> openTransaction;

    private ApiFixture(TestClients broker) throws Exception {
        this.broker = broker;
        this.admin = broker.admin();
        this.setup = RawKafkaConnection.open(broker.bootstrapServers());
        this.topic = Topics.create(admin, "versions", 3);
        this.topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        this.scratchTopic = Topics.create(admin, "versions-scratch", 1);
        try (KafkaProducer<byte[], byte[]> idempotent = broker.producer()) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                for (int partition : List.of(0, 2)) {
                    records.add(new ProducerRecord<>(topic, partition, t0 + i * 1_000L, null, ("r" + i).getBytes(UTF_8)));
                }
            }
            SentRecord.sendAll(idempotent, records);
        }
        try (KafkaProducer<byte[], byte[]> aborted = broker.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, Topics.uniqueName("aborted")))) {
            aborted.initTransactions();
            aborted.beginTransaction();
            aborted.send(new ProducerRecord<>(topic, 0, null, "aborted".getBytes(UTF_8))).get();
            aborted.abortTransaction();
        }
        this.openTransactionalId = Topics.uniqueName("open");
        this.openTransaction = broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, openTransactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, SESSION_TIMEOUT_MS));
        openTransaction.initTransactions();
        openTransaction.beginTransaction();
        openTransaction.send(new ProducerRecord<>(topic, 1, null, "open".getBytes(UTF_8))).get();
        this.group = Topics.uniqueName("versions-group");
        commitOffsets(group);
    }

    static ApiFixture create(TestClients broker) throws Exception {
        return new ApiFixture(broker);
    }

    /** A new topic of one or more partitions, each with two records. */
    String topicWithRecords(String hint, int partitions) throws Exception {
        String name = Topics.create(admin, hint, partitions);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                records.add(new ProducerRecord<>(name, p, null, "a".getBytes(UTF_8)));
                records.add(new ProducerRecord<>(name, p, null, "b".getBytes(UTF_8)));
            }
            SentRecord.sendAll(producer, records);
        }
        return name;
    }

    String emptyTopic(String hint) {
        return Topics.create(admin, hint, 1);
    }

    Uuid topicId(String name) throws Exception {
        return admin.describeTopics(List.of(name)).allTopicNames().get().get(name).topicId();
    }

    /** Commits offsets 4 and 1 (leader epoch 0, with metadata) for partitions 0 and 1 of {@link #topic}. */
    void commitOffsets(String groupId) throws Exception {
        admin.alterConsumerGroupOffsets(groupId, Map.of(
                new TopicPartition(topic, 0), new OffsetAndMetadata(4, Optional.of(0), "fixture"),
                new TopicPartition(topic, 1), new OffsetAndMetadata(1, Optional.of(0), "fixture"))).all().get();
    }

    /** A member of a classic consumer group, static when it has an instance id. */
    record Member(String groupId, String memberId, int generation, String instanceId) {
    }

    JoinGroupRequestData joinRequest(String groupId, String instanceId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName(PROTOCOL)
                .setMetadata(Utils.toArray(ConsumerProtocol.serializeSubscription(new Subscription(List.of(topic))))));
        return new JoinGroupRequestData().setGroupId(groupId).setMemberId("").setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_TIMEOUT_MS).setRebalanceTimeoutMs(30_000).setProtocolType("consumer")
                .setProtocols(protocols);
    }

    /** A member that joined a new group (its leader), not yet synced. */
    Member joined(String groupId, String instanceId) {
        JoinGroupRequestData join = joinRequest(groupId, instanceId);
        JoinGroupResponse joined = (JoinGroupResponse) send(ApiKeys.JOIN_GROUP, join);
        if (joined.error() == Errors.MEMBER_ID_REQUIRED) {
            joined = (JoinGroupResponse) send(ApiKeys.JOIN_GROUP, join.setMemberId(joined.data().memberId()));
        }
        expectNone(joined);
        return new Member(groupId, joined.data().memberId(), joined.data().generationId(), instanceId);
    }

    SyncGroupRequestData syncRequest(Member member) {
        return new SyncGroupRequestData().setGroupId(member.groupId()).setMemberId(member.memberId())
                .setGenerationId(member.generation()).setGroupInstanceId(member.instanceId())
                .setProtocolType("consumer").setProtocolName(PROTOCOL)
                .setAssignments(List.of(new SyncGroupRequestAssignment().setMemberId(member.memberId())
                        .setAssignment(Utils.toArray(ConsumerProtocol.serializeAssignment(
                                new Assignment(List.of(new TopicPartition(topic, 0))))))));
    }

    /** A member of a new, stable group: joined and synced with partition 0 of {@link #topic} assigned. */
    Member synced(String groupId, String instanceId) {
        Member member = joined(groupId, instanceId);
        expectNone(send(ApiKeys.SYNC_GROUP, syncRequest(member)));
        return member;
    }

    ConsumerGroupHeartbeatRequestData consumerJoinRequest(String groupId, String memberId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(groupId).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(topic)).setTopicPartitions(List.of());
    }

    /** A new consumer-protocol group (KIP-848) with one member subscribed to {@link #topic}. */
    void consumerGroup(String groupId) {
        expectNone((ConsumerGroupHeartbeatResponse) send(ApiKeys.CONSUMER_GROUP_HEARTBEAT,
                consumerJoinRequest(groupId, Uuid.randomUuid().toString())));
    }

    ShareGroupHeartbeatRequestData shareJoinRequest(String groupId) {
        return new ShareGroupHeartbeatRequestData().setGroupId(groupId).setMemberId(Uuid.randomUuid().toString())
                .setMemberEpoch(0).setSubscribedTopicNames(List.of(topic));
    }

    /** A new share group (KIP-932) with one member subscribed to {@link #topic}. */
    void shareGroup(String groupId) {
        expectNone((ShareGroupHeartbeatResponse) send(ApiKeys.SHARE_GROUP_HEARTBEAT, shareJoinRequest(groupId)));
    }

    AlterShareGroupOffsetsRequestData shareOffsetsReset(String groupId) {
        AlterShareGroupOffsetsRequestTopicCollection topics = new AlterShareGroupOffsetsRequestTopicCollection();
        topics.add(new AlterShareGroupOffsetsRequestTopic().setTopicName(topic).setPartitions(List.of(
                new AlterShareGroupOffsetsRequestPartition().setPartitionIndex(0).setStartOffset(0))));
        return new AlterShareGroupOffsetsRequestData().setGroupId(groupId).setTopics(topics);
    }

    /** A share group without members whose start offset of partition 0 of {@link #topic} was reset to 0. */
    void resetShareGroup(String groupId) {
        expectNone((AlterShareGroupOffsetsResponse) send(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, shareOffsetsReset(groupId)));
    }

    /** A producer id and epoch, of a transactional id when one is given. */
    record ProducerIdAndEpoch(long producerId, short epoch) {
    }

    /** Initialises a producer id, for {@code transactionalId} when not null (retried while the coordinator loads). */
    ProducerIdAndEpoch producerId(String transactionalId) {
        InitProducerIdRequestData init = new InitProducerIdRequestData().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(SESSION_TIMEOUT_MS);
        InitProducerIdResponse response = await("InitProducerId").atMost(Duration.ofSeconds(20))
                .until(() -> (InitProducerIdResponse) send(ApiKeys.INIT_PRODUCER_ID, init),
                        r -> !(r.error().exception() instanceof RetriableException) && r.error() != Errors.CONCURRENT_TRANSACTIONS);
        expectNone(response);
        return new ProducerIdAndEpoch(response.data().producerId(), response.data().producerEpoch());
    }

    /** Adds partition 0 of {@link #scratchTopic} to the transaction, as a producer does (the v3-and-below form). */
    void addScratchPartition(String transactionalId, ProducerIdAndEpoch producer) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(scratchTopic).setPartitions(List.of(0)));
        expectNone(setup.send(ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 3, new AddPartitionsToTxnRequestData()
                .setV3AndBelowTransactionalId(transactionalId).setV3AndBelowProducerId(producer.producerId())
                .setV3AndBelowProducerEpoch(producer.epoch()).setV3AndBelowTopics(topics)));
    }

    void addOffsets(String transactionalId, ProducerIdAndEpoch producer, String groupId) {
        expectNone((AddOffsetsToTxnResponse) send(ApiKeys.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnRequestData()
                .setTransactionalId(transactionalId).setProducerId(producer.producerId())
                .setProducerEpoch(producer.epoch()).setGroupId(groupId)));
    }

    private AbstractResponse send(ApiKeys api, ApiMessage data) {
        return setup.send(api, setup.latestVersion(api), data);
    }

    private static void expectNone(AbstractResponse response) {
        Set<Errors> errors = new HashSet<>(response.errorCounts().keySet());
        errors.remove(Errors.NONE);
        if (!errors.isEmpty()) throw new IllegalStateException("setup request failed with " + errors + ": " + response);
    }

    @Override
    public void close() {
        try {
            openTransaction.abortTransaction();
        } finally {
            openTransaction.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
            setup.close();
        }
    }
}
