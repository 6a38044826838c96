package io.partita.ra.trace;

import io.partita.ra.DeliveryTransactions;
import io.partita.ra.api.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;

/**
 * Carries W3C trace context from the record a message-driven bean is delivered to the records it sends: the delivery
 * binds the delivered record's headers to its thread ({@link #during}; the container runs the bean on the delivering
 * thread), and every send of a connection {@linkplain #stamped stamps} its record with a {@code traceparent}
 * continuing that record's trace, or starting a new one.
 *
 * <p>Stateless apart from that thread binding; a send reads it only when its record has no traceparent yet.
 */
public final class RecordTraces {

    private static final ThreadLocal<Headers> DELIVERED = new ThreadLocal<>();

    private RecordTraces() {
    }

    /**
     * Runs {@code delivery} with the headers of the one record it delivers bound to this thread. A batch of several
     * records binds nothing: it has no one trace to continue.
     */
    public static <E extends Exception> void during(List<? extends ConsumerRecord<?, ?>> delivered,
                                                    DeliveryTransactions.Action<E> delivery) throws E {
        if (delivered.size() != 1) {
            delivery.run();
            return;
        }
        DELIVERED.set(delivered.get(0).headers());
        try {
            delivery.run();
        } finally {
            DELIVERED.remove();
        }
    }

    /**
     * {@code record} with a {@link TraceHeaders#TRACEPARENT} header: as it is when it has one, else with one added
     * that continues the trace of the record delivered on this thread (with its {@link TraceHeaders#TRACESTATE}, unless
     * the record has its own) or, outside a delivery or when that record has no valid traceparent, starts a new trace.
     * Headers a {@code KafkaProducer} already sent are read-only: such a record is copied with the header added.
     */
    public static <K, V> ProducerRecord<K, V> stamped(ProducerRecord<K, V> record) {
        Headers headers = record.headers();
        if (headers.lastHeader(TraceHeaders.TRACEPARENT) != null) return record;
        try {
            addTrace(headers);
            return record;
        } catch (IllegalStateException readOnly) {
            ProducerRecord<K, V> copy = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                    record.key(), record.value(), new RecordHeaders(headers.toArray()));
            addTrace(copy.headers());
            return copy;
        }
    }

    private static void addTrace(Headers headers) {
        Headers delivered = DELIVERED.get();
        byte[] child = delivered == null ? null : TraceParent.childOf(value(delivered, TraceHeaders.TRACEPARENT));
        if (child == null) {
            headers.add(TraceHeaders.TRACEPARENT, TraceParent.newTrace());
            return;
        }
        headers.add(TraceHeaders.TRACEPARENT, child);
        byte[] state = value(delivered, TraceHeaders.TRACESTATE);
        if (state != null && headers.lastHeader(TraceHeaders.TRACESTATE) == null) headers.add(TraceHeaders.TRACESTATE, state);
    }

    private static byte[] value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : header.value();
    }
}
