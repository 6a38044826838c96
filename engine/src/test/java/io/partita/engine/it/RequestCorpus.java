package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

/**
 * Valid request frames (header and body, without the size prefix) of every API a broker advertises, to be mutated by
 * {@link FrameMutator}: those Kafka's own clients sent through a {@link RecordingProxy} during a session that uses
 * every part of the protocol they have (admin operations, idempotent and transactional producing, classic and
 * consumer-protocol groups), and one request of every API at every advertised version with every field at its
 * default. The session's names all start with {@link #PREFIX}, so that no mutation of them can name anything else
 * on the broker. Immutable once built.
 */
final class RequestCorpus {

    static final String PREFIX = "fuzzed";

    private final List<byte[]> frames;
    private final Map<ApiKeys, ApiVersion> advertised;
    private final int brokerId;

    private RequestCorpus(List<byte[]> frames, Map<ApiKeys, ApiVersion> advertised, int brokerId) {
        this.frames = List.copyOf(frames);
        this.advertised = Map.copyOf(advertised);
        this.brokerId = brokerId;
    }

    /**
     * Runs the client session against {@code viaProxy} (the broker as reached through {@code proxy}), then adds the
     * default request of every API and version {@code direct} advertises.
     */
    static RequestCorpus build(TestClients viaProxy, RecordingProxy proxy, TestClients direct) throws Exception {
        clientSession(viaProxy);
        List<byte[]> frames = new ArrayList<>(proxy.stopRecording());
        Map<ApiKeys, ApiVersion> advertised = advertisedBy(direct);
        int correlationId = 1;
        for (Map.Entry<ApiKeys, ApiVersion> api : advertised.entrySet()) {
            for (short v = api.getValue().minVersion(); v <= api.getValue().maxVersion(); v++) {
                RequestHeader header = new RequestHeader(api.getKey(), v, "partita-it-fuzz", correlationId++);
                ByteBuffer frame = RequestUtils.serialize(header.data(), header.headerVersion(),
                        ApiMessageType.fromApiKey(api.getKey().id).newRequest(), v);
                frames.add(frame.array());
            }
        }
        return new RequestCorpus(frames, advertised, direct.nodeId());
    }

    List<byte[]> frames() {
        return frames;
    }

    /** The id of the broker the corpus was recorded against. */
    int brokerId() {
        return brokerId;
    }

    /** What the broker advertises (the version ranges) by API. */
    Map<ApiKeys, ApiVersion> advertised() {
        return advertised;
    }

    /** How many frames of each API the corpus holds (recorded and default). */
    Map<ApiKeys, Integer> countByApi() {
        Map<ApiKeys, Integer> counts = new EnumMap<>(ApiKeys.class);
        for (byte[] frame : frames) counts.merge(ApiKeys.forId(ByteBuffer.wrap(frame).getShort()), 1, Integer::sum);
        return counts;
    }

    private static Map<ApiKeys, ApiVersion> advertisedBy(TestClients broker) {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            ApiVersionsResponse versions = connection.send(new ApiVersionsRequest.Builder());
            Map<ApiKeys, ApiVersion> advertised = new EnumMap<>(ApiKeys.class);
            versions.data().apiKeys().forEach(v -> advertised.put(ApiKeys.forId(v.apiKey()), v.duplicate()));
            return advertised;
        }
    }

    /**
     * What an application and an operator do with Kafka's clients, so that they send every request they know. Only
     * the requests count, not their answers: calls that the broker refuses (an election that is not needed, an
     * unknown broker to unregister) are part of the session.
     */
    private static void clientSession(TestClients broker) throws Exception {
        String topic = PREFIX + "-topic";
        String doomed = PREFIX + "-deleted";
        String group = PREFIX + "-group";
        String newGroup = PREFIX + "-group-848";
        String transactionalId = PREFIX + "-txn";
        TopicPartition p0 = new TopicPartition(topic, 0);
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("retention.ms", "3600000")),
                    new NewTopic(doomed, 1, (short) 1))).all().get();
            await("leaders of " + topic).atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null));
            answerIgnored(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all());
            answerIgnored(admin.listTopics().names());
            answerIgnored(admin.describeCluster().nodes());
            answerIgnored(admin.describeFeatures().featureMetadata());
            answerIgnored(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId())))).all());
            answerIgnored(admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET)))).all());
            answerIgnored(admin.describeLogDirs(List.of(broker.nodeId())).allDescriptions());
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, ("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8)));
            }
            producer.flush();
        }
        try (KafkaProducer<byte[], byte[]> transactional = broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, 1, null, "committed".getBytes(UTF_8)));
            transactional.sendOffsetsToTransaction(Map.of(p0, new OffsetAndMetadata(1)), new ConsumerGroupMetadata(group));
            transactional.commitTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, 2, null, "aborted".getBytes(UTF_8)));
            transactional.abortTransaction();
        }
        for (String protocol : List.of("classic", "consumer")) {
            try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, protocol.equals("classic") ? group : newGroup,
                    ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
                consumer.subscribe(List.of(topic));
                await(protocol + " consumer reading").atMost(Duration.ofSeconds(30))
                        .until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty());
                consumer.commitSync();
            }
        }
        try (Admin admin = broker.admin()) {
            answerIgnored(admin.listOffsets(Map.of(p0, OffsetSpec.earliest(), new TopicPartition(topic, 1), OffsetSpec.latest(),
                    new TopicPartition(topic, 2), OffsetSpec.forTimestamp(System.currentTimeMillis() - 60_000))).all());
            answerIgnored(admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(1))).all());
            answerIgnored(admin.electLeaders(ElectionType.PREFERRED, Set.of(p0)).all());
            answerIgnored(admin.alterPartitionReassignments(Map.of(p0,
                    Optional.of(new NewPartitionReassignment(List.of(broker.nodeId()))))).all());
            answerIgnored(admin.listPartitionReassignments().reassignments());
            answerIgnored(admin.describeProducers(List.of(p0)).all());
            answerIgnored(admin.listTransactions().all());
            answerIgnored(admin.describeTransactions(List.of(transactionalId)).all());
            answerIgnored(admin.listGroups().all());
            answerIgnored(admin.describeConsumerGroups(List.of(group, newGroup)).all());
            answerIgnored(admin.describeClassicGroups(List.of(group)).all());
            answerIgnored(admin.listConsumerGroupOffsets(group).all());
            answerIgnored(admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(0))).all());
            answerIgnored(admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 1))).all());
            answerIgnored(admin.deleteConsumerGroups(List.of(newGroup)).all());
            answerIgnored(admin.listGroups(ListGroupsOptions.forConsumerGroups()
                    .withTypes(Set.of(GroupType.CONSUMER))).all());
            answerIgnored(admin.deleteTopics(List.of(doomed)).all());
            answerIgnored(admin.unregisterBroker(broker.nodeId() + 1000).all());
        }
    }

    private static void answerIgnored(Future<?> call) throws InterruptedException {
        try {
            call.get();
        } catch (ExecutionException refused) {
            // the request was sent, which is all the session is for
        }
    }
}
