package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterReason;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Turns a consumed record into the call of the {@code @OnRecord} method it is routed to ({@link RecordRoutes}): the
 * method and its arguments, the key and value read by that method's own {@link TypedRecordReader}. A topic's
 * methods are looked up at its first record; per record only the type header is read (when the topic has several
 * methods) and the reader runs. A record of a retry topic ({@code retryTopics}) is routed as one of its source topic.
 *
 * <p>One per consumer loop, as Kafka gives each consumer its own deserializers: confined to the loop's thread.
 * {@link #close()} closes the readers.
 */
final class RecordRouter implements AutoCloseable {

    /** A routed delivery: the bean method and its arguments. */
    record Call(Method method, Object[] arguments) {

        /**
         * Calls the method on {@code endpoint} between the container's {@code beforeDelivery(method)} and
         * {@code afterDelivery()}, as a no-methods listener interface requires: they tell the container which bean
         * method the call is for, and so which transaction attribute applies.
         */
        void deliverTo(MessageEndpoint endpoint) throws Exception {
            endpoint.beforeDelivery(method);
            try {
                method.invoke(endpoint, arguments);
            } finally {
                endpoint.afterDelivery();
            }
        }
    }

    private final RecordRoutes routes;
    private final RetryTopics retryTopics;
    private final Map<RecordMethod, TypedRecordReader> readers;
    private final Map<String, TopicRoutes> topics = new HashMap<>();

    private RecordRouter(RecordRoutes routes, RetryTopics retryTopics, Map<RecordMethod, TypedRecordReader> readers) {
        this.routes = routes;
        this.retryTopics = retryTopics;
        this.readers = readers;
    }

    /**
     * @param loader  the bean's class loader, for deserializer classes and JSON-B
     * @param configs the consumer's configs, which configure the deserializers
     * @throws InvalidPropertyException when a method's reader cannot be made (the message names the method)
     */
    static RecordRouter create(RecordRoutes routes, PartitaActivationSpec spec, ClassLoader loader,
                               Map<String, Object> configs) throws InvalidPropertyException {
        Map<RecordMethod, TypedRecordReader> readers = new IdentityHashMap<>();
        RecordMethod current = null;
        try {
            for (RecordMethod method : routes.methods()) {
                current = method;
                if (method.types() != null) readers.put(method, TypedRecordReader.create(method.types(), spec, loader, configs));
            }
            return new RecordRouter(routes, spec.retryTopics(), readers);
        } catch (InvalidPropertyException | RuntimeException e) {
            readers.values().forEach(TypedRecordReader::close);
            throw new InvalidPropertyException(current + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws UnreadableRecordException when no method takes the record ({@link DeadLetterReason#NO_MATCHING_METHOD}),
     *                                   or its method's reader cannot read it
     */
    Call route(ConsumerRecord<byte[], byte[]> record) throws UnreadableRecordException {
        RecordMethod method;
        try {
            // A retry topic's record goes to the method of the topic it came from.
            method = topics.computeIfAbsent(retryTopics.sourceOf(record.topic()), routes::forTopic).methodFor(record);
        } catch (NoMatchingMethodException e) {
            throw new UnreadableRecordException(DeadLetterReason.NO_MATCHING_METHOD, e);
        }
        TypedRecordReader reader = readers.get(method);
        return new Call(method.method(), method.arguments(record, reader == null ? null : reader.read(record)));
    }

    @Override
    public void close() {
        readers.values().forEach(TypedRecordReader::close);
    }
}
