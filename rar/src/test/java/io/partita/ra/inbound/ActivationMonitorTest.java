package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;
import io.partita.ra.host.ActivationStatus;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An activation's readiness and counts as its consumers report progress, on a clock the test moves (a stall of
 * seconds takes none) and Kafka's {@link MockConsumer} for the consumers' assignment, positions and end offsets.
 */
class ActivationMonitorTest {

    private static final long MAX_STALL_MS = 3000;
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ActivationMonitor monitor = new ActivationMonitor("shop-activation", "com.example.Shipping", "shop",
            MAX_STALL_MS, nanos::get);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void anIdleConsumerStaysReadyHoweverLongItPollsWithNothingWaiting() {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        assign(consumer, Map.of(ORDERS_0, 7L), Map.of(ORDERS_0, 7L));

        for (int minute = 0; minute < 60; minute++) {
            advance(Duration.ofMinutes(1));
            progress.polled(consumer, 0);
            assertThat(monitor.status().ready()).isTrue();
        }
        assertThat(monitor.status()).satisfies(status -> {
            assertThat(status.name()).isEqualTo("shop-activation");
            assertThat(status.bean()).isEqualTo("com.example.Shipping");
            assertThat(status.groupId()).isEqualTo("shop");
            assertThat(status.reason()).isNull();
            assertThat(status.lag()).isZero();
        });
    }

    @Test
    void aBeanBlockedInItsListenerMakesTheActivationNotReadyAfterMaxStallAndReadyWhenItReturns() throws Exception {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        assign(consumer, Map.of(ORDERS_0, 1L), Map.of(ORDERS_0, 1L));
        progress.polled(consumer, 1);

        progress.deliver(1, 0, () -> {
            advance(Duration.ofSeconds(2));
            assertThat(monitor.status().ready()).as("within maxStallMs").isTrue();
            advance(Duration.ofSeconds(2));
            assertThat(monitor.status()).satisfies(status -> {
                assertThat(status.ready()).isFalse();
                assertThat(status.reason()).isEqualTo(
                        "consumer #0 has made no progress for 4 s while records wait (lag 0, in the listener for 4 s)");
            });
        });
        progress.handled(consumer);

        assertThat(monitor.status()).satisfies(status -> {
            assertThat(status.ready()).isTrue();
            assertThat(status.recordsDelivered()).isEqualTo(1);
            assertThat(status.listenerCalls()).isEqualTo(1);
            assertThat(status.listenerNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
        });
    }

    @Test
    void recordsWaitingBehindAFailingRecordMakeItNotReadyUntilTheRecordIsDeadLettered() throws Exception {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        assign(consumer, Map.of(ORDERS_0, 0L), Map.of(ORDERS_0, 5L));
        progress.polled(consumer, 0);

        for (int attempt = 0; attempt < 3; attempt++) {
            advance(Duration.ofMillis(1500));
            assertThatThrownBy(() -> progress.deliver(1, 0, () -> {
                throw new ListenerFailedException(new IllegalStateException("cannot digest"));
            })).isInstanceOf(ListenerFailedException.class);
            progress.handled(consumer);
        }
        assertThat(monitor.status().reason())
                .isEqualTo("consumer #0 has made no progress for 4 s while records wait (lag 5)");

        progress.deadLettered();

        assertThat(monitor.status().ready()).isTrue();
        assertThat(monitor.status().recordsDeadLettered()).isEqualTo(1);
    }

    @Test
    void recordsOfPausedPartitionsAreNotWaiting() {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        assign(consumer, Map.of(ORDERS_0, 0L, ORDERS_1, 4L), Map.of(ORDERS_0, 10L, ORDERS_1, 4L));
        consumer.pause(List.of(ORDERS_0));

        for (int second = 0; second < 10; second++) {
            advance(Duration.ofSeconds(1));
            progress.polled(consumer, 0);
        }

        assertThat(monitor.status().ready()).isTrue();
        assertThat(monitor.status().lag()).isZero();
        consumer.resume(List.of(ORDERS_0));
        progress.polled(consumer, 0);
        assertThat(monitor.status().lag()).isEqualTo(10);
    }

    @Test
    void aConsumerFencedOutOfItsGroupIsNotReadyAtOnceAndReadyAgainOnceItDeliversARecord() throws Exception {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        progress.failed(new KafkaException("Disconnected"));
        assertThat(monitor.status().ready()).as("an ordinary failure").isTrue();

        progress.failed(new FencedInstanceIdException("The broker rejected this static consumer since another "
                + "consumer with the same group.instance.id has registered with a different member.id."));

        assertThat(monitor.status().ready()).isFalse();
        assertThat(monitor.status().reason()).startsWith("consumer #0 was fenced out of its group: The broker rejected");
        progress.deliver(1, 0, () -> { });
        assertThat(monitor.status().ready()).isTrue();
    }

    @Test
    void pollsThatKeepFailingMakeItNotReadyAfterMaxStallAndASuccessfulPollReadyAgain() {
        ConsumerProgress progress = monitor.consumer("consumer #0");
        assign(consumer, Map.of(ORDERS_0, 0L), Map.of(ORDERS_0, 0L));
        progress.polled(consumer, 0);

        for (int second = 0; second < 4; second++) {
            advance(Duration.ofSeconds(1));
            progress.failed(new KafkaException("Authentication failed"));
        }

        assertThat(monitor.status().reason()).isEqualTo(
                "consumer #0 has not polled successfully for 4 s: org.apache.kafka.common.KafkaException: Authentication failed");
        progress.polled(consumer, 0);
        assertThat(monitor.status().ready()).isTrue();
    }

    @Test
    void aConsumerWhoseLoopEndedOnAnErrorIsNotReadyForGood() {
        ConsumerProgress progress = monitor.consumer("consumer #1");
        progress.ended(new IllegalStateException("boom"));
        progress.polled(consumer, 0);
        progress.deadLettered();

        assertThat(monitor.status().reason()).isEqualTo("consumer #1 stopped consuming: java.lang.IllegalStateException: boom");
    }

    @Test
    void oneStuckConsumerMakesTheActivationNotReadyAndTheCountsAreThoseOfAllItsConsumers() throws Exception {
        ConsumerProgress first = monitor.consumer("consumer #0");
        ConsumerProgress second = monitor.consumer("consumer #1");
        MockConsumer<byte[], byte[]> other = new MockConsumer<>("earliest");
        assign(consumer, Map.of(ORDERS_0, 0L), Map.of(ORDERS_0, 3L));
        assign(other, Map.of(ORDERS_1, 0L), Map.of(ORDERS_1, 4L));
        first.polled(consumer, 3);
        second.polled(other, 1);

        assertThatThrownBy(() -> first.deliver(3, 0, () -> {
            advance(Duration.ofMillis(20));
            throw new ListenerFailedException(new IllegalStateException("batch failed"));
        })).isInstanceOf(ListenerFailedException.class);
        first.deliver(3, 1, () -> advance(Duration.ofMillis(30)));
        second.ended(new IllegalStateException("boom"));
        // A record that cannot be read is never a call of the listener.
        assertThatThrownBy(() -> second.deliver(1, 0, () -> {
            throw new UnreadableRecordException(DeadLetterReason.VALUE_DESERIALIZATION_FAILED,
                    new IllegalArgumentException("not json"));
        })).isInstanceOf(UnreadableRecordException.class);
        second.deadLettered();

        ActivationStatus status = monitor.status();
        assertThat(status.ready()).isFalse();
        assertThat(status.reason()).isEqualTo("consumer #1 stopped consuming: java.lang.IllegalStateException: boom");
        assertThat(List.of(status.recordsDelivered(), status.recordsFailed(), status.recordsRetried(),
                status.recordsDeadLettered(), status.listenerCalls(), status.listenerNanos(), status.lag()))
                .containsExactly(3L, 3L, 3L, 1L, 2L, Duration.ofMillis(50).toNanos(), 7L);
    }

    /** Assigns the partitions at the given positions, with the given end offsets. */
    private static void assign(MockConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> positions,
                               Map<TopicPartition, Long> endOffsets) {
        consumer.assign(positions.keySet());
        consumer.updateEndOffsets(endOffsets);
        positions.forEach(consumer::seek);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
