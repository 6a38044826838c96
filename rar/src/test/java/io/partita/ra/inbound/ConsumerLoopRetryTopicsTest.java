package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.RecordListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A consumer loop with retry topics: the records a failing record leaves behind flow on while it waits in its retry
 * topics, each delivery from a retry topic comes after its delay, and a not retryable failure goes straight to the
 * dead-letter topic; with a consumer loop, and with a dispatcher and one lane ({@code ordering=key} and
 * {@code none}). Kafka's {@link MockConsumer}, keeping every record as a log does ({@link FedConsumer}), stands in for
 * the node, and what the loop sends is appended to it.
 */
class ConsumerLoopRetryTopicsTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final TopicPartition RETRY_300MS = new TopicPartition("orders.retry-300ms", 0);
    private static final TopicPartition RETRY_1S = new TopicPartition("orders.retry-1s", 0);

    /** Fails "late" records until they come from the last retry topic, and "rejected" ones always, not retryably. */
    public static class OrdersBean implements RecordListener {
        record Delivery(String topic, String value, long at) {
        }

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(record.topic(), value, System.currentTimeMillis()));
            if (value.startsWith("rejected")) throw new IllegalArgumentException("no such product: " + value);
            if (value.startsWith("late") && !record.topic().equals(RETRY_1S.topic())) {
                throw new IllegalStateException("not yet");
            }
        }

        List<Delivery> of(String value) {
            return deliveries.stream().filter(d -> d.value().equals(value)).toList();
        }
    }

    private final FedConsumer consumer = new FedConsumer();
    private final OrdersBean bean = new OrdersBean();
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final LoopRunner loops = new LoopRunner();

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void theRecordsBehindAFailingRecordFlowOnWhileItWaitsOutEachDelayOfItsRetryTopics(Ordering ordering) throws Exception {
        start(ordering, "late-0", "ok-1", "ok-2");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed(ORDERS) == 3 && committed(RETRY_1S) == 1);
        assertThat(bean.deliveries).extracting(OrdersBean.Delivery::topic, OrdersBean.Delivery::value).containsExactly(
                tuple("orders", "late-0"), tuple("orders", "ok-1"), tuple("orders", "ok-2"),
                tuple("orders.retry-300ms", "late-0"), tuple("orders.retry-1s", "late-0"));
        List<OrdersBean.Delivery> late = bean.of("late-0");
        assertThat(late.get(1).at() - late.get(0).at()).as("waited in retry-300ms").isGreaterThanOrEqualTo(300);
        assertThat(late.get(2).at() - late.get(1).at()).as("waited in retry-1s").isGreaterThanOrEqualTo(1000);
        assertThat(committed(RETRY_300MS)).isEqualTo(1);
        assertThat(deadLetters).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void aNotRetryableFailureIsDeadLetteredAfterOneDeliveryWithoutRetryTopics(Ordering ordering) throws Exception {
        start(ordering, "rejected-0", "ok-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed(ORDERS) == 2);
        assertThat(bean.of("rejected-0")).hasSize(1);
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("orders.dlt");
            assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("NOT_RETRYABLE");
        });
        assertThat(List.of(consumer.size(RETRY_300MS), consumer.size(RETRY_1S))).containsOnly(0);
    }

    /** Starts a consumer loop ({@code partition}) or a dispatcher with one lane ({@code key}, {@code none}). */
    private void start(Ordering ordering, String... values) throws Exception {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics(ORDERS.topic());
        spec.setGroupId("shop");
        spec.setRetryAttempts(0);
        spec.setRetryTopics("300ms,1s");
        spec.setNotRetryable(IllegalArgumentException.class.getName());
        spec.setDeadLetterTopic("orders.dlt");
        spec.validate();
        RetryTopics retryTopics = spec.retryTopics();
        consumer.updateBeginningOffsets(Map.of(ORDERS, 0L, RETRY_300MS, 0L, RETRY_1S, 0L));
        for (String value : values) consumer.append(ORDERS, null, value);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(ORDERS, RETRY_300MS, RETRY_1S)));
        RecordSender sender = record -> {
            if (retryTopics.isRetryTopic(record.topic())) {
                consumer.append(new TopicPartition(record.topic(), 0), record.key(), record.value(), record.headers());
            } else {
                deadLetters.add(record);
            }
        };
        EndpointDelivery delivery = new EndpointDelivery(TestEndpoints.proxying(bean, RecordListener.class), null, null, null);
        DeadLetters deadLetters = new DeadLetters(sender, retryTopics);
        FailureRouter router = new FailureRouter(retryTopics, NotRetryableExceptions.load(spec.notRetryableClasses(),
                getClass().getClassLoader()), spec.getDeadLetterTopic(), 0, System::currentTimeMillis);
        RetryTopicGate gate = new RetryTopicGate(retryTopics, "shop", System::currentTimeMillis);
        ConsumerProgress progress = loops.monitor.consumer("consumer #0");
        loops.start(ordering == Ordering.PARTITION
                ? new ConsumerLoop("orders-bean#0", spec, () -> consumer, delivery, deadLetters, router, gate, progress)
                : new LaneDispatcher("orders-bean#0", spec, () -> consumer, List.of(delivery), deadLetters, router, gate,
                progress, ordering, PollLimits.of(spec.consumerConfig("127.0.0.1:9"))));
    }

    private long committed(TopicPartition partition) {
        return LoopRunner.committed(consumer, partition);
    }
}
