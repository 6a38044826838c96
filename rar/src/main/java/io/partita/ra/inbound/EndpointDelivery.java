package io.partita.ra.inbound;

import io.partita.ra.DeliveryTransactions;
import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import io.partita.ra.api.RoutedRecordListener;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import io.partita.ra.api.TypedRecordListener;
import io.partita.ra.trace.RecordTraces;
import jakarta.ejb.EJBException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.RollbackException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers records to one message endpoint (one bean instance at a time) of an activation. The endpoint is created
 * on first use and released by {@link #release()} (on rebalance, so no bean holds on to partitions that move, and
 * at the end); after a failed delivery it is released too, because the container discards a bean instance that
 * threw a system exception.
 *
 * <p>Transacted (with a {@link DeliveryTransaction}): the endpoint is created with that XAResource, each listener
 * call's transaction commits the offsets after its records, and the Kafka transaction is bound to the thread during
 * the call so that the bean's {@code LocalTransaction} connections join it. A call whose transaction did not commit
 * (the bean threw, or called {@code setRollbackOnly}) is a failed delivery.
 *
 * <p>During each call the delivered record (of a single-record call) is bound to the thread for {@link RecordTraces},
 * so what the bean sends continues its trace.
 *
 * <p>Typed (with a {@link TypedRecordReader}, for a {@link TypedRecordListener} or a
 * {@link TypedBatchRecordListener}): each record is deserialized before its call; one that cannot be is not delivered
 * at all ({@link UnreadableRecordException}, saying how many of a batch's records before it were). Routed (with a
 * {@link RecordRouter}, for a {@link RoutedRecordListener}): each record goes to the method it is routed to, read as
 * that method takes it, between the endpoint's {@code beforeDelivery} and {@code afterDelivery}; one that no method
 * takes, or that cannot be read, is not delivered either.
 *
 * <p>Confined to the thread that delivers through it: a {@link ConsumerLoop}'s, a {@link DeliveryLane}'s, or a
 * {@link ShareLoop}'s.
 */
final class EndpointDelivery {

    private final MessageEndpointFactory factory;
    private final DeliveryTransaction transaction;
    private final TypedRecordReader reader;
    private final RecordRouter router;
    private MessageEndpoint endpoint;

    /**
     * @param transaction the XAResource of a transacted activation, or null
     * @param reader      the deserializers of a {@link TypedRecordListener} or {@link TypedBatchRecordListener} bean,
     *                    or null for the other listeners
     * @param router      the routes of a {@link RoutedRecordListener} bean, or null for the other listeners
     */
    EndpointDelivery(MessageEndpointFactory factory, DeliveryTransaction transaction, TypedRecordReader reader,
                     RecordRouter router) {
        this.factory = factory;
        this.transaction = transaction;
        this.reader = reader;
        this.router = router;
    }

    /**
     * True when the bean takes whole polls ({@link BatchRecordListener}, {@link TypedBatchRecordListener}), false
     * when it takes single records.
     */
    boolean isBatch() throws EndpointUnavailableException {
        MessageEndpoint current = endpoint();
        return current instanceof BatchRecordListener || current instanceof TypedBatchRecordListener;
    }

    /**
     * Creates the endpoint now when there is none: a share consumer makes sure of it before it polls, because the
     * records it acquires count deliveries, and records released for want of an endpoint would use them up.
     */
    void prepare() throws EndpointUnavailableException {
        endpoint();
    }

    /** True when each delivery commits its offsets in its own transaction: the loop must not commit them. */
    boolean isTransacted() {
        return transaction != null;
    }

    /**
     * Delivers the records: as one batch to a batch listener (once deserialized, to a typed one), one by one (in
     * order) to a record listener or, once deserialized, to a typed one or to the methods of a routed one.
     *
     * @param group the consumer's group metadata, for a transacted delivery's offsets
     * @throws UnreadableRecordException when a record for a typed or routed listener cannot be deserialized, or no
     *                                   method of a routed one takes it; the records before it were delivered
     */
    @SuppressWarnings("unchecked")
    void deliver(List<ConsumerRecord<byte[], byte[]>> records, ConsumerGroupMetadata group)
            throws EndpointUnavailableException, ListenerFailedException, UnreadableRecordException {
        MessageEndpoint current = endpoint();
        try {
            if (current instanceof BatchRecordListener batch) {
                call(records, group, () -> batch.onRecords(records));
            } else if (current instanceof TypedBatchRecordListener<?, ?> batch) {
                deliverTyped((TypedBatchRecordListener<Object, Object>) batch, records, group);
            } else if (reader != null) {
                TypedRecordListener<Object, Object> typed = (TypedRecordListener<Object, Object>) current;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TypedRecord<Object, Object> read = reader.read(record);
                    call(List.of(record), group, () -> typed.onRecord(read.value(), read.context()));
                }
            } else if (router != null) {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    RecordRouter.Call routed = router.route(record);
                    call(List.of(record), group, () -> routed.deliverTo(current));
                }
            } else {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    call(List.of(record), group, () -> ((RecordListener) current).onRecord(record));
                }
            }
        } catch (ListenerFailedException | UnreadableRecordException e) {
            throw e;
        } catch (Exception | Error e) {
            release();
            throw new ListenerFailedException(unwrap(e));
        }
    }

    /**
     * Reads the records and delivers them as one batch; when one cannot be read, delivers those before it and
     * throws its failure with its index.
     */
    private void deliverTyped(TypedBatchRecordListener<Object, Object> batch,
                              List<ConsumerRecord<byte[], byte[]>> records, ConsumerGroupMetadata group)
            throws Exception {
        List<TypedRecord<Object, Object>> read = new ArrayList<>(records.size());
        UnreadableRecordException unreadable = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                read.add(reader.read(record));
            } catch (UnreadableRecordException e) {
                unreadable = e.at(read.size());
                break;
            }
        }
        if (!read.isEmpty()) call(records.subList(0, read.size()), group, () -> batch.onRecords(read));
        if (unreadable != null) throw unreadable;
    }

    /** Commits the offset after {@code record} (sent to the dead-letter topic) in a transaction of its own. */
    void commitTransactionally(ConsumerRecord<byte[], byte[]> record, ConsumerGroupMetadata group) throws Exception {
        transaction.commitOffsets(offsetsAfter(List.of(record)), group);
    }

    private void call(List<ConsumerRecord<byte[], byte[]>> records, ConsumerGroupMetadata group,
                      DeliveryTransactions.Action<Exception> listener) throws Exception {
        DeliveryTransactions.Action<Exception> traced = () -> RecordTraces.during(records, listener);
        if (transaction == null) {
            traced.run();
            return;
        }
        transaction.expect(offsetsAfter(records), group);
        DeliveryTransactions.deliverWith(transaction::open, traced);
        DeliveryTransaction.Outcome outcome = transaction.outcome();
        if (outcome != DeliveryTransaction.Outcome.COMMITTED) {
            throw new ListenerFailedException(new RollbackException(outcome == DeliveryTransaction.Outcome.NONE
                    ? "The container started no transaction for the delivery: a transactional activation needs a "
                    + "container-managed transaction (REQUIRED) on the listener method"
                    : "The container rolled the delivery's transaction back"));
        }
    }

    void release() {
        if (endpoint != null) {
            MessageEndpoint released = endpoint;
            endpoint = null;
            released.release();
        }
    }

    /** Releases the endpoint and closes the transactional producer and the deserializers: the loop ends. */
    void close() {
        release();
        if (transaction != null) transaction.close();
        if (reader != null) reader.close();
        if (router != null) router.close();
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsetsAfter(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    private MessageEndpoint endpoint() throws EndpointUnavailableException {
        if (endpoint == null) {
            try {
                endpoint = factory.createEndpoint(transaction);
            } catch (UnavailableException | RuntimeException e) {
                throw new EndpointUnavailableException(e);
            }
        }
        return endpoint;
    }

    /** The bean's own exception, without the wrappers the container or the endpoint proxy put around it. */
    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && (current instanceof EJBException
                || current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException)) {
            current = current.getCause();
        }
        return current;
    }
}
