package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer loop feeding a {@link TypedRecordListener} bean: real deserializers and JSON-B, Kafka's
 * {@link MockConsumer} in place of the node, and endpoints made as the container makes them (proxies of the listener
 * interface around the bean).
 */
class ConsumerLoopTypedDeliveryTest {

    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);

    public static class OrderBean implements TypedRecordListener<String, ListenerTypesTest.Order> {
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public void onRecord(ListenerTypesTest.Order order, RecordContext<String> context) {
            received.add(context.key() + ":" + order.item());
            if (order.item().equals("poison")) throw new IllegalStateException("cannot digest " + context.key());
        }
    }

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final OrderBean bean = new OrderBean();
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final ActivationMonitor monitor = new ActivationMonitor("orders-bean", OrderBean.class.getName(), "shop",
            60_000, System::nanoTime);
    @RegisterExtension
    final LoopRunner loops = new LoopRunner();

    @Test
    void aRecordThatCannotBeDeserializedGoesToTheDeadLetterTopicAsItWasAndThePartitionMovesOn() throws Exception {
        start(spec("orders.dlt"), "{\"item\":\"book\",\"quantity\":1}", "{\"item\":\"book\",\"quantity\":",
                "{\"item\":\"pen\",\"quantity\":2}");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 3);
        assertThat(bean.received).containsExactly("o-0:book", "o-2:pen");
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("orders.dlt");
            assertThat(text(dead.key())).isEqualTo("o-1");
            assertThat(text(dead.value())).isEqualTo("{\"item\":\"book\",\"quantity\":");
            assertThat(headers(dead)).containsEntry(DeadLetterHeaders.REASON, "VALUE_DESERIALIZATION_FAILED")
                    .containsEntry(DeadLetterHeaders.ATTEMPTS, "0")
                    .containsEntry(DeadLetterHeaders.OFFSET, "1")
                    .containsEntry(DeadLetterHeaders.GROUP, "shop")
                    .containsEntry(DeadLetterHeaders.EXCEPTION, "jakarta.json.bind.JsonbException")
                    .hasEntrySatisfying(DeadLetterHeaders.EXCEPTION_MESSAGE, message -> assertThat(message).isNotBlank());
        });
    }

    @Test
    void aRecordTheBeanKeepsRejectingIsDeadLetteredAfterItsRetriesAsDeliveryFailed() throws Exception {
        start(spec("orders.dlt"), "{\"item\":\"poison\",\"quantity\":1}", "{\"item\":\"pen\",\"quantity\":2}");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 2);
        assertThat(bean.received).containsExactly("o-0:poison", "o-0:poison", "o-1:pen");
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(headers(dead))
                .containsEntry(DeadLetterHeaders.REASON, "DELIVERY_FAILED")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "2")
                .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "cannot digest o-0"));
    }

    @Test
    void theActivationCountsDeliveredFailedRetriedAndDeadLetteredRecordsAndItsListenerCalls() throws Exception {
        start(spec("orders.dlt"), "{\"item\":\"poison\",\"quantity\":1}", "not json", "{\"item\":\"pen\",\"quantity\":2}");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 3);
        // poison: a call, a retry, dead-lettered; "not json": dead-lettered undelivered; pen: a call
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(monitor.status()).satisfies(status -> {
            assertThat(List.of(status.recordsDelivered(), status.recordsFailed(), status.recordsRetried(),
                    status.recordsDeadLettered(), status.listenerCalls())).containsExactly(1L, 2L, 1L, 2L, 3L);
            assertThat(status.listenerNanos()).isPositive();
            assertThat(status.ready()).isTrue();
            assertThat(status.lag()).isZero();
        }));
    }

    @Test
    void withoutDeadLetterTopicAnUnreadableRecordIsSkippedAndThePartitionMovesOn() throws Exception {
        start(spec(null), "{\"item\":\"book\",\"quantity\":1}", "not json", "{\"item\":\"pen\",\"quantity\":2}");

        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 3);
        assertThat(bean.received).containsExactly("o-0:book", "o-2:pen");
        assertThat(deadLetters).isEmpty();
    }

    private void start(PartitaActivationSpec spec, String... values) throws Exception {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, (long) values.length));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), i,
                        ("o-" + i).getBytes(StandardCharsets.UTF_8), values[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        TypedRecordReader reader = TypedRecordReader.create(ListenerTypes.of(OrderBean.class), spec,
                OrderBean.class.getClassLoader(), spec.consumerConfig("127.0.0.1:9"));
        loops.start(new ConsumerLoop("orders-bean#0", spec, () -> consumer,
                new EndpointDelivery(new BeanEndpoints(bean, TypedRecordListener.class), null, reader),
                new DeadLetters(deadLetters::add, RetryTopics.NONE), new FailureRouter(RetryTopics.NONE,
                NotRetryableExceptions.NONE, spec.getDeadLetterTopic(), spec.getRetryAttempts(), System::currentTimeMillis),
                new RetryTopicGate(RetryTopics.NONE, spec.getGroupId(), System::currentTimeMillis),
                monitor.consumer("consumer #0")));
    }

    private long committed() {
        return LoopRunner.committed(consumer, PARTITION);
    }

    private static PartitaActivationSpec spec(String deadLetterTopic) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics(PARTITION.topic());
        spec.setGroupId("shop");
        spec.setRetryAttempts(1);
        spec.setRetryBackoffMs(10L);
        spec.setDeadLetterTopic(deadLetterTopic);
        return spec;
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) headers.put(header.key(), text(header.value()));
        return headers;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
