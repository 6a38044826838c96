package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate in front of a consumer (Kafka's {@link MockConsumer}) of a source topic and its retry topics. */
class RetryTopicGateTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final TopicPartition RETRY_1S = new TopicPartition("orders.retry-1s", 2);
    private static final TopicPartition RETRY_10S = new TopicPartition("orders.retry-10s", 0);

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final RetryTopicGate gate = new RetryTopicGate(
            new RetryTopics(RetryTopics.schedule("1s,10s"), List.of("orders")), "shop", now::get);

    @BeforeEach
    void assign() {
        consumer.assign(List.of(ORDERS, RETRY_1S, RETRY_10S));
        consumer.updateBeginningOffsets(Map.of(ORDERS, 0L, RETRY_1S, 0L, RETRY_10S, 0L));
        consumer.seek(RETRY_1S, 6);
    }

    @Test
    void aRetryRecordNotYetDueIsHeldBackByPausingItsPartitionAtItWhileTheOthersFlow() {
        ConsumerRecord<byte[], byte[]> waiting = record(RETRY_1S, 4, "shop", now.get() + 800);

        assertThat(gate.admit(waiting, consumer)).isEqualTo(RetryTopicGate.Verdict.HOLD);
        assertThat(consumer.paused()).containsExactly(RETRY_1S);
        assertThat(consumer.position(RETRY_1S)).as("rewound to the held record").isEqualTo(4);
        assertThat(gate.admit(record(ORDERS, 9, null, null), consumer)).isEqualTo(RetryTopicGate.Verdict.DELIVER);
        assertThat(gate.admit(record(RETRY_10S, 0, "shop", now.get() - 1), consumer))
                .isEqualTo(RetryTopicGate.Verdict.DELIVER);
        assertThat(gate.pollTimeout(Duration.ofSeconds(1))).as("the poll waits no longer than the held record")
                .isEqualTo(Duration.ofMillis(800));
        assertThat(gate.pollTimeout(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aHeldBackPartitionIsResumedOnceItsRecordIsDueAndTheRecordThenPasses() {
        ConsumerRecord<byte[], byte[]> waiting = record(RETRY_1S, 4, "shop", now.get() + 800);
        gate.admit(waiting, consumer);

        now.addAndGet(799);
        gate.resumeDue(consumer);
        assertThat(consumer.paused()).containsExactly(RETRY_1S);

        now.addAndGet(1);
        gate.resumeDue(consumer);
        assertThat(consumer.paused()).isEmpty();
        assertThat(gate.pollTimeout(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(gate.admit(waiting, consumer)).isEqualTo(RetryTopicGate.Verdict.DELIVER);
    }

    @Test
    void aHeldBackPartitionTheConsumerNoLongerHasIsForgotten() {
        gate.admit(record(RETRY_1S, 4, "shop", now.get() + 800), consumer);
        consumer.assign(List.of(ORDERS, RETRY_10S));

        now.addAndGet(1000);
        gate.resumeDue(consumer);

        assertThat(gate.pollTimeout(Duration.ofSeconds(1))).as("no held record left to wait for")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anotherGroupsRetryIsSkippedAndARetryRecordWithoutDueTimeOrGroupIsDeliveredAtOnce() {
        assertThat(gate.admit(record(RETRY_1S, 4, "billing", now.get() + 800), consumer))
                .isEqualTo(RetryTopicGate.Verdict.SKIP);
        assertThat(gate.admit(record(RETRY_1S, 5, null, null), consumer)).isEqualTo(RetryTopicGate.Verdict.DELIVER);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void recordsOfOtherTopicsAlwaysPassWhateverTheirHeaders() {
        assertThat(gate.admit(record(ORDERS, 3, "billing", now.get() + 60_000), consumer))
                .isEqualTo(RetryTopicGate.Verdict.DELIVER);
        assertThat(consumer.paused()).isEqualTo(Set.of());
    }

    /** A record with {@code partita.dlt.group} and {@code partita.retry.due.timestamp} headers when given. */
    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, String group, Long due) {
        RecordHeaders headers = new RecordHeaders();
        if (group != null) headers.add(DeadLetterHeaders.GROUP, group.getBytes(StandardCharsets.UTF_8));
        if (due != null) headers.add(DeadLetterHeaders.RETRY_DUE, String.valueOf(due).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, 0, TimestampType.CREATE_TIME, 1, 1,
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }
}
