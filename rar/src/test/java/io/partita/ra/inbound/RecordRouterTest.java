package io.partita.ra.inbound;

import io.partita.ra.api.ValueTypes;
import io.partita.ra.inbound.ConsumerLoopRoutedDeliveryTest.ShopBean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which method {@link RecordRouter} picks for a record of a retry topic. */
class RecordRouterTest {

    @Test
    void aRecordOfARetryTopicGoesToTheMethodOfTheTopicItCameFromAndOfItsType() throws Exception {
        assertRetryRecordsGoToTheirSourceTopicsMethods(spec("orders,events"));
    }

    @Test
    void withoutTopicsTheRetryTopicsAreThoseOfTheMethodsTopics() throws Exception {
        PartitaActivationSpec spec = spec(null);
        spec.validate();
        RecordRoutes.of(ShopBean.class, spec).subscribeByDefault(spec);

        assertThat(spec.subscription()).containsExactly("events", "orders", "events.retry-1s", "events.retry-10s",
                "orders.retry-1s", "orders.retry-10s");
        assertRetryRecordsGoToTheirSourceTopicsMethods(spec);
    }

    private static void assertRetryRecordsGoToTheirSourceTopicsMethods(PartitaActivationSpec spec) throws Exception {
        try (RecordRouter router = RecordRouter.create(RecordRoutes.of(ShopBean.class, spec), spec,
                RecordRouterTest.class.getClassLoader(), spec.consumerConfig("127.0.0.1:9"))) {
            assertThat(router.route(record("orders.retry-1s", null, "{\"item\":\"book\",\"quantity\":1}"))
                    .method().getName()).isEqualTo("order");
            assertThat(router.route(record("events.retry-10s", "order-cancelled", "{\"id\":\"1\"}"))
                    .method().getName()).isEqualTo("cancelled");
        }
    }

    private static PartitaActivationSpec spec(String topics) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setGroupId("shop");
        spec.setTopics(topics);
        spec.setRetryTopics("1s,10s");
        spec.setDeadLetterTopic("shop.dlt");
        return spec;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String type, String value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, 0, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        if (type != null) record.headers().add(ValueTypes.HEADER, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
