package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.RecordListener;
import io.partita.ra.host.ActivationStatus;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.partita.ra.inbound.LoopRunner.headers;
import static io.partita.ra.inbound.LoopRunner.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A share loop delivering to a {@link RecordListener} bean through endpoints made as the container makes them, on
 * Kafka's {@link MockShareConsumer} standing in for the node: a record it releases comes back with its delivery count
 * raised, as a broker delivers it again, until the test's limit of 3, where the broker archives it.
 */
class ShareLoopTest {

    private static final int LIMIT = 3;

    /** Takes every record but those starting with "poison" or "declined"; notes each delivery with its count. */
    public static class QueueBean implements RecordListener {
        final List<String> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            deliveries.add(value + "#" + record.deliveryCount().orElseThrow());
            if (value.startsWith("poison")) throw new IllegalStateException("cannot digest " + value);
            if (value.startsWith("declined")) throw new IllegalArgumentException("declined " + value);
        }
    }

    /**
     * Redelivers what is released until the limit, and keeps every acknowledgement as {@code value#count=TYPE}.
     */
    private static final class RedeliveringConsumer extends MockShareConsumer<byte[], byte[]> {
        final List<String> acknowledgements = new CopyOnWriteArrayList<>();
        volatile int commits;

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            // As a broker's fetch waits for records: the loop does not spin on an empty mock.
            if (records.isEmpty()) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            return records;
        }

        @Override
        public synchronized void acknowledge(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {
            short count = record.deliveryCount().orElseThrow();
            acknowledgements.add(text(record.value()) + "#" + count + "=" + type.name());
            // A broker archives a record released at its delivery count limit.
            if (type == AcknowledgeType.RELEASE && count < LIMIT) addRecord(delivered(record, (short) (count + 1)));
        }

        @Override
        public synchronized Map<TopicIdPartition, Optional<KafkaException>> commitSync() {
            commits++;
            return Map.of();
        }

        void add(long offset, String value) {
            addRecord(delivered(new ConsumerRecord<>("orders", 0, offset, null, value.getBytes(StandardCharsets.UTF_8)),
                    (short) 1));
        }

        private static ConsumerRecord<byte[], byte[]> delivered(ConsumerRecord<byte[], byte[]> record, short count) {
            return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), 1_000L,
                    TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(), new RecordHeaders(),
                    Optional.empty(), Optional.of(count));
        }
    }

    private final RedeliveringConsumer consumer = new RedeliveringConsumer();
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final ActivationMonitor monitor = new ActivationMonitor("queue-bean", null, "queue", 60_000, System::nanoTime);
    private final QueueBean bean = new QueueBean();
    private ShareLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop == null) return;
        loop.release();
        assertThat(loop.awaitEnd(Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void aTakenRecordIsAcceptedAFailingOneReleasedUntilTheLimitThenRejectedAndDeadLettered() throws Exception {
        start(spec("orders.dlt"), record -> deadLetters.add(record));
        consumer.add(0, "ok-0");
        consumer.add(1, "poison-1");
        consumer.add(2, "ok-2");

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.size() == 1);
        assertThat(bean.deliveries).containsSubsequence("poison-1#1", "poison-1#2", "poison-1#3")
                .contains("ok-0#1", "ok-2#1").hasSize(5);
        assertThat(consumer.acknowledgements).containsExactlyInAnyOrder("ok-0#1=ACCEPT", "ok-2#1=ACCEPT",
                "poison-1#1=RELEASE", "poison-1#2=RELEASE", "poison-1#3=REJECT");
        ProducerRecord<byte[], byte[]> dead = deadLetters.get(0);
        assertThat(dead.topic()).isEqualTo("orders.dlt");
        assertThat(text(dead.value())).isEqualTo("poison-1");
        assertThat(headers(dead)).contains(entry(DeadLetterHeaders.TOPIC, "orders"),
                entry(DeadLetterHeaders.PARTITION, "0"), entry(DeadLetterHeaders.OFFSET, "1"),
                entry(DeadLetterHeaders.TIMESTAMP, "1000"), entry(DeadLetterHeaders.GROUP, "queue"),
                entry(DeadLetterHeaders.REASON, "DELIVERY_FAILED"), entry(DeadLetterHeaders.ATTEMPTS, "3"),
                entry(DeadLetterHeaders.EXCEPTION, IllegalStateException.class.getName()),
                entry(DeadLetterHeaders.EXCEPTION_MESSAGE, "cannot digest poison-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ActivationStatus status = monitor.status();
            assertThat(List.of(status.recordsDelivered(), status.recordsFailed(), status.recordsRetried(),
                    status.recordsDeadLettered())).containsExactly(2L, 3L, 2L, 1L);
            assertThat(status.ready()).isTrue();
        });
        assertThat(consumer.commits).isPositive();
    }

    @Test
    void aNotRetryableFailureIsRejectedAndDeadLetteredAtItsFirstDelivery() throws Exception {
        PartitaActivationSpec spec = spec("orders.dlt");
        spec.setNotRetryable(IllegalArgumentException.class.getName());
        start(spec, record -> deadLetters.add(record));
        consumer.add(0, "declined-0");

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.size() == 1);
        assertThat(consumer.acknowledgements).containsExactly("declined-0#1=REJECT");
        assertThat(headers(deadLetters.get(0))).contains(entry(DeadLetterHeaders.REASON, "NOT_RETRYABLE"),
                entry(DeadLetterHeaders.ATTEMPTS, "1"));
    }

    @Test
    void withoutADeadLetterTopicARecordAtTheLimitIsRejected() throws Exception {
        start(spec(null), record -> {
            throw new AssertionError("nothing is sent");
        });
        consumer.add(0, "poison-0");

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.acknowledgements.size() == LIMIT);
        assertThat(consumer.acknowledgements).containsExactly("poison-0#1=RELEASE", "poison-0#2=RELEASE",
                "poison-0#3=REJECT");
    }

    @Test
    void aRecordTheDeadLetterTopicRefusesIsReleasedNotRejected() throws Exception {
        start(spec("orders.dlt"), record -> {
            throw new IllegalStateException("the dead-letter topic is not there");
        });
        consumer.add(0, "poison-0");

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.acknowledgements.size() == LIMIT);
        assertThat(consumer.acknowledgements).containsExactly("poison-0#1=RELEASE", "poison-0#2=RELEASE",
                "poison-0#3=RELEASE");
        assertThat(monitor.status().recordsDeadLettered()).isZero();
    }

    private static PartitaActivationSpec spec(String deadLetterTopic) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics("orders");
        spec.setShareGroup("queue");
        spec.setRetryBackoffMs(10L);
        spec.setDeadLetterTopic(deadLetterTopic);
        return spec;
    }

    private void start(PartitaActivationSpec spec, RecordSender sender) throws InvalidPropertyException {
        EndpointDelivery delivery = new EndpointDelivery(TestEndpoints.proxying(bean, RecordListener.class), null,
                null, null);
        FailureRouter router = new FailureRouter(RetryTopics.NONE, NotRetryableExceptions.load(
                spec.notRetryableClasses(), getClass().getClassLoader()), spec.getDeadLetterTopic(), 0,
                System::currentTimeMillis);
        loop = new ShareLoop("queue-bean#0", spec, () -> consumer, delivery,
                new RedeliveryLimit(() -> LIMIT, router::retriesInPlace), new DeadLetters(sender, RetryTopics.NONE),
                monitor.consumer("share consumer #0"));
        Thread thread = new Thread(loop, "share-loop");
        thread.setDaemon(true);
        thread.start();
        // The mock takes records for the topics subscribed to only.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.subscription().contains("orders"));
    }
}
