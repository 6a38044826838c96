package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Fetch as a long poll (fetch.max.wait.ms, woken by a produce) and fetch size limits smaller than a batch. */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class FetchLongPollTest {

    private final TestClients broker;
    private final Admin admin;

    FetchLongPollTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    /** A broker that answered an empty fetch at once would make the consumer spin with near-zero fetch latency. */
    @Test
    void fetchOnAnEmptyPartitionWaitsForFetchMaxWait() {
        TopicPartition partition = new TopicPartition(Topics.create(admin, "long-poll-empty", 1), 0);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500))) {
            consumer.assign(List.of(partition));
            assertThat(consumer.position(partition)).isZero();

            await().atMost(Duration.ofSeconds(15)).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() -> {
                assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
                return fetchMetric(consumer, "fetch-total") >= 3;
            });

            assertThat(fetchMetric(consumer, "fetch-latency-avg")).as("average fetch latency, ms").isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void recordProducedDuringAPollIsReturnedByThatPoll() throws Exception {
        TopicPartition partition = new TopicPartition(Topics.create(admin, "long-poll-wake", 1), 0);
        int maxWaitMs = 5_000;
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<TimedPoll> poll = CompletableFuture.supplyAsync(() -> {
            KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, maxWaitMs));
            try {
                consumer.assign(List.of(partition));
                consumer.position(partition);
                polling.countDown();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(20));
                return new TimedPoll(records, System.nanoTime());
            } finally {
                // a plain close() would wait for the consumer's next fetch, parked for up to fetch.max.wait.ms
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            }
        });
        assertThat(polling.await(20, TimeUnit.SECONDS)).isTrue();

        long acknowledgedAt;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            producer.send(new ProducerRecord<>(partition.topic(), 0, null, "wake up".getBytes(UTF_8))).get();
            acknowledgedAt = System.nanoTime();
        }
        TimedPoll received = poll.get(30, TimeUnit.SECONDS);

        assertThat(received.records().records(partition)).singleElement()
                .satisfies(r -> assertThat(new String(r.value(), UTF_8)).isEqualTo("wake up"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(received.returnedAt() - acknowledgedAt))
                .as("ms from the produce ack to the poll's return; a fetch not woken by the produce waits %d ms", maxWaitMs)
                .isLessThan(maxWaitMs / 2);
    }

    private record TimedPoll(ConsumerRecords<byte[], byte[]> records, long returnedAt) {
    }

    @Test
    void fetchLimitsSmallerThanABatchStillReturnWholeBatches() throws Exception {
        String topic = Topics.create(admin, "small-fetch", 1);
        Random random = new Random(42);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) records.add(new ProducerRecord<>(topic, 0, null, randomBytes(random, 3_000)));
        records.add(new ProducerRecord<>(topic, 0, null, randomBytes(random, 20_000)));
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 100, ProducerConfig.BATCH_SIZE_CONFIG, 16_384))) {
            SentRecord.sendAll(producer, records);
        }

        List<ConsumerRecord<byte[], byte[]>> consumed;
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1_024, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1_024))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            consumed = Polling.pollUntil(consumer, records.size());
        }

        assertThat(consumed).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(records.stream().map(ProducerRecord::value).toList());
    }

    private static double fetchMetric(KafkaConsumer<?, ?> consumer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
            if (m.getKey().name().equals(name) && m.getKey().group().equals("consumer-fetch-manager-metrics")
                    && !m.getKey().tags().containsKey("topic")) {
                return ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("consumer has no metric " + name);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
