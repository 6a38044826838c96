package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.partita.ra.inbound.LoopRunner.headers;
import static io.partita.ra.inbound.LoopRunner.text;
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

    @RegisterExtension
    final LoopRunner runner = new LoopRunner();
    private final MockConsumer<byte[], byte[]> consumer = runner.consumer;
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = runner.deadLetters;
    private final OrderBean bean = new OrderBean();

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
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runner.monitor.status()).satisfies(status -> {
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
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), i,
                        ("o-" + i).getBytes(StandardCharsets.UTF_8), values[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        TypedRecordReader reader = TypedRecordReader.create(ListenerTypes.of(OrderBean.class), spec,
                OrderBean.class.getClassLoader(), spec.consumerConfig("127.0.0.1:9"));
        runner.start("orders-bean#0", spec, new EndpointDelivery(new TestEndpoints(OrderBean.class, () -> endpoint(bean),
                Set.of()), null, reader, null));
    }

    /** An endpoint as the container makes it: a proxy implementing the listener interface, calling the bean. */
    private static MessageEndpoint endpoint(OrderBean bean) {
        return (MessageEndpoint) Proxy.newProxyInstance(OrderBean.class.getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, TypedRecordListener.class}, (proxy, method, args) ->
                        method.getDeclaringClass() == TypedRecordListener.class ? method.invoke(bean, args) : null);
    }

    private long committed() {
        return runner.committed(PARTITION);
    }

    private static PartitaActivationSpec spec(String deadLetterTopic) {
        return LoopRunner.spec(PARTITION.topic(), deadLetterTopic);
    }
}
