package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.OnRecord;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.ValueTypes;
import io.partita.ra.inbound.RecordRoutesTest.Order;
import io.partita.ra.inbound.RecordRoutesTest.OrderCancelled;
import io.partita.ra.inbound.RecordRoutesTest.OrderCreated;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.partita.ra.inbound.LoopRunner.headers;
import static io.partita.ra.inbound.LoopRunner.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer loop feeding a {@link RoutedRecordListener} bean: real routes, deserializers and JSON-B, Kafka's
 * {@link MockConsumer} in place of the node ({@link LoopRunner}), and endpoints made as Payara makes them for a no-methods listener
 * interface (a subclass of the bean that is a {@link MessageEndpoint}).
 */
class ConsumerLoopRoutedDeliveryTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final TopicPartition EVENTS = new TopicPartition("events", 0);

    /** Logs each call; a bean instance of the container would be a fresh one after a failed delivery. */
    public static class ShopBean implements RoutedRecordListener {
        final List<String> log;

        public ShopBean(List<String> log) {
            this.log = log;
        }

        @OnRecord(topics = "orders")
        public void order(Order order, RecordContext<String> context) {
            log.add("order " + context.key() + " " + order.item());
            if (order.item().equals("poison")) throw new IllegalStateException("cannot digest " + context.key());
        }

        @OnRecord(topics = "events")
        public void created(OrderCreated created) {
            log.add("created " + created.id());
        }

        @OnRecord(topics = "events")
        public void cancelled(OrderCancelled cancelled) {
            log.add("cancelled " + cancelled.id());
        }
    }

    /** What the container's endpoint is: the bean's subclass, told before and after each call which method it is for. */
    static final class ShopEndpoint extends ShopBean implements MessageEndpoint {

        ShopEndpoint(List<String> log) {
            super(log);
        }

        @Override
        public void beforeDelivery(Method method) {
            log.add("before " + method.getName());
        }

        @Override
        public void afterDelivery() {
            log.add("after");
        }

        @Override
        public void release() {
        }
    }

    @RegisterExtension
    final LoopRunner runner = new LoopRunner();
    private final MockConsumer<byte[], byte[]> consumer = runner.consumer;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    @Test
    void eachRecordReachesTheMethodOfItsTopicAndTypeAndOneNoMethodTakesIsDeadLetteredUndelivered() throws Exception {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setGroupId("shop");
        spec.setRetryAttempts(1);
        spec.setRetryBackoffMs(10L);
        spec.setDeadLetterTopic("shop.dlt");
        RecordRoutes routes = RecordRoutes.of(ShopBean.class, spec);
        routes.subscribeByDefault(spec);
        consumer.updateBeginningOffsets(Map.of(ORDERS, 0L, EVENTS, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(ORDERS, EVENTS));
            add(ORDERS, null, "{\"item\":\"book\",\"quantity\":1}", "{\"item\":\"poison\",\"quantity\":1}",
                    "{\"item\":\"pen\",\"quantity\":2}");
            add(EVENTS, "OrderCreated", "{\"id\":\"1\"}");
            add(EVENTS, "order-cancelled", "{\"id\":\"1\"}");
            add(EVENTS, "Refund", "{\"amount\":3}");
            add(EVENTS, null, "{\"id\":\"2\"}");
            add(EVENTS, "OrderCreated", "{\"id\":");
            add(EVENTS, "OrderCreated", "{\"id\":\"2\"}");
        });
        RecordRouter router = RecordRouter.create(routes, spec, getClass().getClassLoader(), spec.consumerConfig("127.0.0.1:9"));
        runner.start("shop#0", spec, new EndpointDelivery(new TestEndpoints(ShopBean.class, () -> new ShopEndpoint(log),
                Set.of()), null, null, router));

        await().atMost(Duration.ofSeconds(30)).until(() -> runner.committed(ORDERS) == 3 && runner.committed(EVENTS) == 6);
        assertThat(spec.topicList()).containsExactly("events", "orders");
        for (int i = 0; i < log.size(); i += 3) {
            String call = log.get(i + 1);
            assertThat(log.subList(i, i + 3)).as("a call between beforeDelivery and afterDelivery")
                    .containsExactly("before " + call.substring(0, call.indexOf(' ')), call, "after");
        }
        assertThat(log).filteredOn(l -> l.startsWith("order ")).containsExactly(
                "order o-0 book", "order o-1 poison", "order o-1 poison", "order o-2 pen");
        assertThat(log).filteredOn(l -> l.startsWith("created ") || l.startsWith("cancelled ")).containsExactly(
                "created 1", "cancelled 1", "created 2");

        Map<String, Map<String, String>> dead = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : runner.deadLetters) dead.put(text(record.key()), headers(record));
        assertThat(dead.keySet()).containsExactlyInAnyOrder("o-1", "e-2", "e-3", "e-4");
        assertThat(dead.get("o-1")).containsEntry(DeadLetterHeaders.REASON, "DELIVERY_FAILED")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "2");
        assertThat(dead.get("e-2")).containsEntry(DeadLetterHeaders.REASON, "NO_MATCHING_METHOD")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "0")
                .containsEntry(DeadLetterHeaders.TOPIC, "events")
                .containsEntry(ValueTypes.HEADER, "Refund")
                .containsEntry(DeadLetterHeaders.EXCEPTION, NoMatchingMethodException.class.getName())
                .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "no @OnRecord method takes type Refund of topic "
                        + "events; its methods take types [OrderCreated, order-cancelled]");
        assertThat(dead.get("e-3")).containsEntry(DeadLetterHeaders.REASON, "NO_MATCHING_METHOD");
        assertThat(dead.get("e-4")).containsEntry(DeadLetterHeaders.REASON, "VALUE_DESERIALIZATION_FAILED");
    }

    private void add(TopicPartition partition, String type, String... values) {
        for (String value : values) {
            long offset = nextOffsets.merge(partition, 1L, Long::sum) - 1;
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(partition.topic(), partition.partition(),
                    offset, (partition.topic().charAt(0) + "-" + offset).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8));
            if (type != null) record.headers().add(ValueTypes.HEADER, type.getBytes(StandardCharsets.UTF_8));
            consumer.addRecord(record);
        }
    }
}
