package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client quotas enforced on real clients over real sockets: a producer and a consumer held to their byte rates
 * (measured over the run, within the 10% the issue asks for), a client that ignores its throttle time held back
 * by the muted connection, and topic creations over {@code controller_mutation_rate} refused with
 * THROTTLING_QUOTA_EXCEEDED. Quotas are per client id, or the default user's (the principal is {@code
 * User:ANONYMOUS} without authentication). A node of its own, shared by the tests, each with a client id of its own.
 */
@Tag("slow")
class ClientQuotaEnforcementTest {

    private static final double MEGABYTE = 1_048_576;
    /** The client id of every {@link RawKafkaConnection}. */
    private static final String RAW_CLIENT_ID = "partita-it-raw";

    @TempDir
    static Path dir;
    private static TestNode node;
    private static TestClients broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(dir);
        broker = node.clients();
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (node != null) node.close();
    }

    @Test
    void aProducerWithAOneMegabytePerSecondQuotaHoldsThatRateAndSeesItsThrottleTime() throws Exception {
        String topic = Topics.create(admin, "producer-quota", 1);
        setQuota("quota-producer", "producer_byte_rate", MEGABYTE);
        byte[] value = new byte[1_000];
        KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.CLIENT_ID_CONFIG, "quota-producer",
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 1 << 20));
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            AtomicLong acknowledged = new AtomicLong();
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null && System.nanoTime() <= end) acknowledged.addAndGet(value.length);
                });
            }

            // Record and batch headers count against the quota too: the values alone come to a little less.
            System.out.printf("producer held to %.0f bytes/s of values by a quota of %.0f%n", acknowledged.get() / 30.0, MEGABYTE);
            assertThat(acknowledged.get() / 30.0).isBetween(0.9 * MEGABYTE, 1.1 * MEGABYTE);
            assertThat(metric(producer.metrics(), "produce-throttle-time-avg")).isPositive();
            assertThat(metric(producer.metrics(), "produce-throttle-time-max")).isPositive();
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void aConsumerWithAByteRateQuotaIsHeldToIt() throws Exception {
        String topic = Topics.create(admin, "consumer-quota", 1);
        byte[] value = new byte[10_000];
        try (KafkaProducer<byte[], byte[]> loader = broker.producer()) {
            for (int i = 0; i < 1_400; i++) loader.send(new ProducerRecord<>(topic, value));
        }
        setQuota("quota-consumer", "consumer_byte_rate", MEGABYTE);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "quota-consumer",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 128 * 1024))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            // The first answers pass what one sample of the window allows at once; the rate is measured after them.
            while (consumer.poll(Duration.ofSeconds(1)).isEmpty()) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(10);
            long received = 0;
            while (System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) received += r.value().length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("consumer held to %.0f bytes/s of values by a quota of %.0f%n", received / seconds, MEGABYTE);

            assertThat(received / seconds).isBetween(0.9 * MEGABYTE, 1.1 * MEGABYTE);
            assertThat(metric(consumer.metrics(), "fetch-throttle-time-max")).isPositive();
        }
    }

    /** {@link RawKafkaConnection} ignores throttle times, as a misbehaving client would: the broker mutes it instead. */
    @Test
    void aClientThatIgnoresItsThrottleTimeIsNotReadFromMeanwhile() throws Exception {
        String topic = Topics.create(admin, "muted", 1);
        Uuid topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        setQuota(RAW_CLIENT_ID, "producer_byte_rate", 100_000);
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            long sent = System.nanoTime();
            ProduceResponse throttled = produce(connection, topic, topicId, 300_000);
            // 300 kB at once against a quota of 100 kB/s: the next bytes may come 3 s after the first.
            assertThat(throttled.throttleTimeMs()).isBetween(2_900, 3_500);

            // Sent at once, but not read until the throttle time after the answer (a timer's slack aside).
            connection.send(new MetadataRequest.Builder(List.of(), false));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

            assertThat(waitedMs).isGreaterThanOrEqualTo(throttled.throttleTimeMs() - 20L);
        } finally {
            removeQuota(RAW_CLIENT_ID, "producer_byte_rate");
        }
    }

    /** Without authentication every client is {@code User:ANONYMOUS}: the default user's quota is the one that applies. */
    @Test
    void theDefaultUserQuotaAppliesToTheAnonymousPrincipal() throws Exception {
        String topic = Topics.create(admin, "anonymous", 1);
        Uuid topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        Map<String, String> defaultUser = new HashMap<>();
        defaultUser.put(ClientQuotaEntity.USER, null);
        ClientQuotaEntity entity = new ClientQuotaEntity(defaultUser);
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 100_000.0)))))
                .all().get();
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            assertThat(produce(connection, topic, topicId, 300_000).throttleTimeMs()).isBetween(2_900, 3_500);
        } finally {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null)))))
                    .all().get();
        }
    }

    @Test
    void aClientOverItsRequestPercentageIsThrottled() throws Exception {
        setQuota(RAW_CLIENT_ID, "request_percentage", 1.0);
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int throttleMs = 0;
            while (throttleMs == 0 && System.nanoTime() < deadline) {
                MetadataResponse response = connection.send(new MetadataRequest.Builder(List.of(), false));
                throttleMs = response.throttleTimeMs();
            }
            assertThat(throttleMs).as("a throttled answer within 20 s").isPositive();
        } finally {
            removeQuota(RAW_CLIENT_ID, "request_percentage");
        }
    }

    @Test
    void topicCreationsOverTheMutationRateAreRefusedWithThrottlingQuotaExceeded() throws Exception {
        setQuota("mutating-admin", "controller_mutation_rate", 1.0);
        try (Admin mutating = broker.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "mutating-admin"))) {
            mutating.createTopics(List.of(new NewTopic(Topics.uniqueName("mutation"), 5, (short) 1))).all().get();

            assertThatThrownBy(() -> mutating.createTopics(List.of(new NewTopic(Topics.uniqueName("mutation"), 1, (short) 1)),
                    new CreateTopicsOptions().retryOnQuotaViolation(false)).all().get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ThrottlingQuotaExceededException.class)
                    .satisfies(e -> assertThat(((ThrottlingQuotaExceededException) e).throttleTimeMs()).isPositive());

            // Retrying (the default), the Admin client waits out the throttle time and gets its topic.
            long started = System.nanoTime();
            mutating.createTopics(List.of(new NewTopic(Topics.uniqueName("mutation"), 1, (short) 1))).all().get();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThan(1_000);
        }
    }

    private static ProduceResponse produce(RawKafkaConnection connection, String topic, Uuid topicId, int valueBytes) {
        return connection.send(ProduceRequest.builder(new ProduceRequestData().setAcks((short) 1).setTimeoutMs(10_000)
                .setTopicData(new TopicProduceDataCollection(List.of(new TopicProduceData().setName(topic).setTopicId(topicId)
                        .setPartitionData(List.of(new PartitionProduceData().setIndex(0).setRecords(
                                MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[valueBytes])))))).iterator()))));
    }

    private static void setQuota(String clientId, String key, double value) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                List.of(new ClientQuotaAlteration.Op(key, value))))).all().get();
    }

    private static void removeQuota(String clientId, String key) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                List.of(new ClientQuotaAlteration.Op(key, null))))).all().get();
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
