package io.partita.ra.trace;

import io.partita.ra.api.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** W3C traceparent headers of sent records: new traces, continued ones, and what the spec says is no traceparent. */
class RecordTracesTest {

    private static final String NEW_TRACE = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-00";

    @Test
    void aRecordSentOutsideADeliveryStartsANewTraceOfItsOwn() {
        Set<String> traceIds = IntStream.range(0, 100).mapToObj(i -> traceparent(RecordTraces.stamped(record())))
                .peek(value -> assertThat(value).matches(NEW_TRACE))
                .map(value -> value.substring(3, 35)).collect(Collectors.toSet());

        assertThat(traceIds).hasSize(100);
    }

    @Test
    void aRecordWithATraceparentKeepsIt() {
        ProducerRecord<byte[], byte[]> record = record();
        record.headers().add(TraceHeaders.TRACEPARENT, ascii(PARENT));

        assertThat(RecordTraces.stamped(record)).isSameAs(record);
        assertThat(record.headers().headers(TraceHeaders.TRACEPARENT)).singleElement()
                .satisfies(header -> assertThat(text(header.value())).isEqualTo(PARENT));
    }

    @Test
    void aRecordSentDuringADeliveryContinuesTheDeliveredRecordsTraceWithANewParentId() {
        ConsumerRecord<byte[], byte[]> delivered = delivered(PARENT);
        delivered.headers().add(TraceHeaders.TRACESTATE, ascii("vendor=opaque"));
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        RecordTraces.during(List.of(delivered), () -> {
            sent.add(RecordTraces.stamped(record()));
            sent.add(RecordTraces.stamped(record()));
        });

        for (ProducerRecord<byte[], byte[]> record : sent) {
            assertThat(traceparent(record)).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-00")
                    .isNotEqualTo(PARENT).doesNotContain("-0000000000000000-");
            assertThat(text(record.headers().lastHeader(TraceHeaders.TRACESTATE).value())).isEqualTo("vendor=opaque");
        }
        assertThat(traceparent(sent.get(0))).as("each send is a new span").isNotEqualTo(traceparent(sent.get(1)));
        assertThat(traceparent(RecordTraces.stamped(record()))).as("after the delivery").doesNotContain(TRACE_ID);
    }

    @Test
    void aRecordsOwnTracestateIsNotReplacedByTheDeliveredOne() {
        ConsumerRecord<byte[], byte[]> delivered = delivered(PARENT);
        delivered.headers().add(TraceHeaders.TRACESTATE, ascii("vendor=delivered"));
        ProducerRecord<byte[], byte[]> record = record();
        record.headers().add(TraceHeaders.TRACESTATE, ascii("vendor=own"));

        RecordTraces.during(List.of(delivered), () -> RecordTraces.stamped(record));

        assertThat(record.headers().headers(TraceHeaders.TRACESTATE)).singleElement()
                .satisfies(header -> assertThat(text(header.value())).isEqualTo("vendor=own"));
        assertThat(traceparent(record)).contains(TRACE_ID);
    }

    @Test
    void aLaterVersionIsContinuedAsVersion00() {
        String later = "01-" + TRACE_ID + "-00f067aa0ba902b7-01-what-comes-next";

        assertThat(traceparent(stampedDuring(delivered(later)))).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
    }

    @Test
    void whatIsNoValidTraceparentStartsANewTraceWithoutItsTracestate() {
        List<String> invalid = List.of(
                "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-" + TRACE_ID + "-0000000000000000-01",
                "ff-" + TRACE_ID + "-00f067aa0ba902b7-01",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01-extra",
                "01-" + TRACE_ID + "-00f067aa0ba902b7-01x",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-0",
                "00_" + TRACE_ID + "-00f067aa0ba902b7-01",
                "00-" + TRACE_ID + "-00f067aa0ba902g7-01");
        for (String value : invalid) {
            ConsumerRecord<byte[], byte[]> delivered = delivered(value);
            delivered.headers().add(TraceHeaders.TRACESTATE, ascii("vendor=opaque"));

            ProducerRecord<byte[], byte[]> sent = stampedDuring(delivered);

            assertThat(traceparent(sent)).as(value).matches(NEW_TRACE).doesNotContain(TRACE_ID.substring(0, 8));
            assertThat(sent.headers().lastHeader(TraceHeaders.TRACESTATE)).as(value).isNull();
        }
    }

    @Test
    void aBatchDeliveryHasNoOneTraceToContinue() {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        RecordTraces.during(List.of(delivered(PARENT), delivered(PARENT)), () -> sent.add(RecordTraces.stamped(record())));

        assertThat(traceparent(sent.get(0))).matches(NEW_TRACE).doesNotContain(TRACE_ID);
    }

    @Test
    void aRecordWhoseHeadersWereSentAlreadyIsCopiedWithTheTraceparent() {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("out", 1, 42L, ascii("k"), ascii("v"));
        record.headers().add("origin", ascii("shop"));
        ((RecordHeaders) record.headers()).setReadOnly(); // as KafkaProducer.send leaves them

        ProducerRecord<byte[], byte[]> stamped = RecordTraces.stamped(record);

        assertThat(stamped).isNotSameAs(record);
        assertThat(stamped.topic()).isEqualTo("out");
        assertThat(stamped.partition()).isEqualTo(1);
        assertThat(stamped.timestamp()).isEqualTo(42L);
        assertThat(stamped.key()).isSameAs(record.key());
        assertThat(stamped.value()).isSameAs(record.value());
        assertThat(text(stamped.headers().lastHeader("origin").value())).isEqualTo("shop");
        assertThat(traceparent(stamped)).matches(NEW_TRACE);
        assertThat(record.headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
    }

    private static ProducerRecord<byte[], byte[]> stampedDuring(ConsumerRecord<byte[], byte[]> delivered) {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        RecordTraces.during(List.of(delivered), () -> sent.add(RecordTraces.stamped(record())));
        return sent.get(0);
    }

    private static ConsumerRecord<byte[], byte[]> delivered(String traceparent) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("in", 0, 5, ascii("k"), ascii("v"));
        record.headers().add(TraceHeaders.TRACEPARENT, ascii(traceparent));
        return record;
    }

    private static ProducerRecord<byte[], byte[]> record() {
        return new ProducerRecord<>("out", ascii("v"));
    }

    private static String traceparent(ProducerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(TraceHeaders.TRACEPARENT);
        return header == null ? null : text(header.value());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
