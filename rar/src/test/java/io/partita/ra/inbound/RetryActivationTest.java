package io.partita.ra.inbound;

import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry settings an activation refuses before any consumer starts or any topic is made. */
class RetryActivationTest {

    public static class BatchBean implements BatchRecordListener {
        @Override
        public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        }
    }

    public static class RecordBean implements RecordListener {
        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        }
    }

    @Test
    void aBatchListenerCannotHaveRetryTopics() {
        PartitaActivationSpec spec = spec();
        spec.setRetryTopics("1s");

        assertThatThrownBy(() -> start(new BatchBean(), BatchRecordListener.class, spec))
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("retryTopics applies to a RecordListener or TypedRecordListener, not to a "
                        + "BatchRecordListener");
    }

    @Test
    void aNotRetryableClassTheBeanCannotSeeFailsTheActivationNamingIt() {
        PartitaActivationSpec spec = spec();
        spec.setNotRetryable("com.example.CardDeclined");

        assertThatThrownBy(() -> start(new RecordBean(), RecordListener.class, spec))
                .isInstanceOf(ResourceException.class)
                .hasMessageStartingWith("RecordBean (")
                .hasMessageEndingWith("notRetryable: no class com.example.CardDeclined is visible to the application");
    }

    private static PartitaActivationSpec spec() {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics("orders");
        spec.setGroupId("shop");
        spec.setDeadLetterTopic("orders.dlt");
        return spec;
    }

    /** No work manager: an activation refused before its consumers are scheduled never needs one. */
    private static void start(Object bean, Class<?> listener, PartitaActivationSpec spec) throws ResourceException {
        InboundActivation.start(TestEndpoints.proxying(bean, listener), spec, null, "127.0.0.1:9", "partita-1", record -> {
        }, group -> 5);
    }
}
