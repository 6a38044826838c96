package io.partita.ra.inbound;

import io.partita.ra.api.RecordListener;
import io.partita.ra.inbound.RecordRoutesTest.Doubled;
import io.partita.ra.inbound.RecordRoutesTest.Shop;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Activations the adapter refuses for what the bean is, before any consumer starts. */
class RoutedActivationTest {

    public static class Plain implements RecordListener {
        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        }
    }

    @Test
    void aBeanWithoutOnRecordMethodsNeedsTopicsOrATopicPattern() {
        assertThatThrownBy(() -> start(TestEndpoints.refusing(Plain.class, Set.of()), spec()))
                .isInstanceOf(InvalidPropertyException.class).hasMessage("Set exactly one of topics and topicPattern");
    }

    @Test
    void aRoutedBeanWhoseRecordsCouldHaveTwoMethodsIsNotActivated() {
        assertThatThrownBy(() -> start(TestEndpoints.refusing(Doubled.class, Set.of()), spec()))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("Doubled: " + Doubled.class.getName() + ": Doubled.first(Order) and "
                        + "Doubled.second(Order, RecordContext) both take values of type Order");
    }

    @Test
    void retryTopicsOfABeanWithoutTopicsNeedMethodsNamingTopicsOnly() {
        PartitaActivationSpec spec = spec();
        spec.setRetryTopics("1s");
        spec.setDeadLetterTopic("shop.dlt");

        assertThatThrownBy(() -> start(TestEndpoints.refusing(Shop.class, Set.of()), spec))
                .isInstanceOf(ResourceException.class)
                .hasMessage("Shop: Shop.audit(ConsumerRecord) takes topicPattern audit\\..*, which names no topic to "
                        + "derive retry topics from: with retryTopics set topics, or name the topics of every @OnRecord method");
    }

    @Test
    void aTransactionalRoutedBeanNeedsAContainerTransactionOnEachMethod() {
        PartitaActivationSpec spec = spec();
        spec.setTransactional(true);

        assertThatThrownBy(() -> start(TestEndpoints.refusing(Shop.class, Set.of("order")), spec))
                .isInstanceOf(ResourceException.class)
                .hasMessageEndingWith(": transactional=true needs a container-managed transaction "
                        + "(@TransactionAttribute(REQUIRED), the default) on Shop.audit(ConsumerRecord), Shop.returned(Return)");
    }

    @Test
    void deserializersAreRefusedForAnUntypedBeanOnly() {
        PartitaActivationSpec spec = spec();
        spec.setTopics("orders");
        spec.setValueDeserializer("org.apache.kafka.common.serialization.StringDeserializer");

        assertThatThrownBy(() -> start(TestEndpoints.refusing(Plain.class, Set.of()), spec))
                .hasMessageEndingWith(": keyDeserializer and valueDeserializer apply to a TypedRecordListener or "
                        + "RoutedRecordListener only");
    }

    private static void start(MessageEndpointFactory endpoints, PartitaActivationSpec spec) throws ResourceException {
        InboundActivation.start(endpoints, spec, null, "127.0.0.1:9", "partita-1", record -> {
            throw new AssertionError("nothing is sent");
        }, group -> 5);
    }

    private static PartitaActivationSpec spec() {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setGroupId("shop");
        return spec;
    }
}
