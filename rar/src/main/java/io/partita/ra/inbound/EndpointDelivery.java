package io.partita.ra.inbound;

import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import jakarta.ejb.EJBException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;

/**
 * Delivers records to one message endpoint (one bean instance at a time) of an activation. The endpoint is created
 * on first use and released by {@link #release()} (on rebalance, so no bean holds on to partitions that move, and
 * at the end); after a failed delivery it is released too, because the container discards a bean instance that
 * threw a system exception.
 *
 * <p>Confined to the poll thread that owns it.
 */
final class EndpointDelivery {

    private final MessageEndpointFactory factory;
    private MessageEndpoint endpoint;

    EndpointDelivery(MessageEndpointFactory factory) {
        this.factory = factory;
    }

    /** True when the bean takes whole polls ({@link BatchRecordListener}), false when it takes single records. */
    boolean isBatch() throws EndpointUnavailableException {
        return endpoint() instanceof BatchRecordListener;
    }

    /** Delivers the records: as one batch to a batch listener, one by one (in order) to a record listener. */
    void deliver(List<ConsumerRecord<byte[], byte[]>> records)
            throws EndpointUnavailableException, ListenerFailedException {
        MessageEndpoint current = endpoint();
        try {
            if (current instanceof BatchRecordListener batch) {
                batch.onRecords(records);
            } else {
                for (ConsumerRecord<byte[], byte[]> record : records) ((RecordListener) current).onRecord(record);
            }
        } catch (Exception | Error e) {
            release();
            throw new ListenerFailedException(unwrap(e));
        }
    }

    void release() {
        if (endpoint != null) {
            MessageEndpoint released = endpoint;
            endpoint = null;
            released.release();
        }
    }

    private MessageEndpoint endpoint() throws EndpointUnavailableException {
        if (endpoint == null) {
            try {
                endpoint = factory.createEndpoint(null);
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
