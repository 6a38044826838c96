package io.partita.ra.inbound;

import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.TraceHeaders;
import io.partita.ra.trace.RecordTraces;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bean sends during its delivery continues the delivered record's trace: {@link EndpointDelivery} binds the
 * record for {@link RecordTraces}, which every connection's send stamps with.
 */
class EndpointDeliveryTraceTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    /** A bean that sends one record per call, as through a connection, and is its own endpoint. */
    abstract static class SendingBean implements MessageEndpoint {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        void send(byte[] value) {
            sent.add(RecordTraces.stamped(new ProducerRecord<>("out", value)));
        }

        @Override
        public void beforeDelivery(Method method) {
        }

        @Override
        public void afterDelivery() {
        }

        @Override
        public void release() {
        }
    }

    static final class RecordBean extends SendingBean implements RecordListener {
        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
            send(record.value());
        }
    }

    static final class BatchBean extends SendingBean implements BatchRecordListener {
        @Override
        public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
            send(records.get(0).value());
        }
    }

    @Test
    void eachRecordDeliveredAloneHasWhatTheBeanSendsContinueItsTrace() throws Exception {
        RecordBean bean = new RecordBean();

        new EndpointDelivery(new TestEndpoints(bean.getClass(), () -> bean, Set.of()), null, null, null).deliver(List.of(
                record(0, "00-" + TRACE_ID + "-b7ad6b7169203331-01"), record(1, null)), null);

        assertThat(traceparent(bean.sent.get(0))).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .isNotEqualTo("00-" + TRACE_ID + "-b7ad6b7169203331-01");
        assertThat(traceparent(bean.sent.get(1))).as("a record without trace: a new one")
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(TRACE_ID);
    }

    @Test
    void aBatchOfSeveralRecordsContinuesNoneOfTheirTraces() throws Exception {
        BatchBean bean = new BatchBean();

        new EndpointDelivery(new TestEndpoints(bean.getClass(), () -> bean, Set.of()), null, null, null).deliver(List.of(
                record(0, "00-" + TRACE_ID + "-b7ad6b7169203331-01"), record(1, "00-" + TRACE_ID + "-b7ad6b7169203332-01")), null);

        assertThat(traceparent(bean.sent.get(0))).doesNotContain(TRACE_ID);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String traceparent) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("in", 0, offset, null, bytes("v" + offset));
        if (traceparent != null) record.headers().add(TraceHeaders.TRACEPARENT, bytes(traceparent));
        return record;
    }

    private static String traceparent(ProducerRecord<byte[], byte[]> record) {
        return new String(record.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
