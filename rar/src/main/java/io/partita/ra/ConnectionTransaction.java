package io.partita.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import org.apache.kafka.common.KafkaException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A managed connection's local transaction: the container begins it when it enlists the connection in a JTA
 * transaction (for a factory of transaction support {@code LocalTransaction}) and commits or rolls it back when that
 * transaction ends, as its last resource when XA resources take part (they are prepared first; this commit decides).
 *
 * <p>Inside a transacted message delivery it joins the delivery's Kafka transaction ({@link DeliveryTransactions}),
 * whose XAResource then decides, so its own commit and rollback do nothing. Otherwise it opens a Kafka transaction
 * of its own on a producer of the factory's {@link TransactionalProducers} at the first send (a transaction that
 * sends nothing costs nothing), commits it with {@code commitTransaction} and rolls it back with
 * {@code abortTransaction}. A producer whose transaction could not be ended is discarded.
 *
 * <p>Begun, used and ended by one thread at a time (the container's and the bean's), with happens-before between
 * them given by the container; synchronized for the case where the container ends it from another thread.
 */
final class ConnectionTransaction implements LocalTransaction {

    private static final Logger LOG = Logger.getLogger(ConnectionTransaction.class.getName());

    private final PartitaManagedConnectionFactory factory;
    /** Read without the lock on every send of the connection, transactional or not. */
    private volatile boolean active;
    private KafkaTransaction joined;
    private TransactionalProducers pool;
    private TransactionalProducers.Pooled pooled;
    private KafkaTransaction own;

    ConnectionTransaction(PartitaManagedConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public synchronized void begin() throws ResourceException {
        if (active) throw new LocalTransactionException("A Partita connection's transaction is already active");
        active = true;
        joined = DeliveryTransactions.current();
    }

    /** True between begin and commit or rollback: sends then go to {@link #transaction()}. */
    boolean isActive() {
        return active;
    }

    /** The Kafka transaction sends of this JTA transaction go to: the delivery's, or one of its own begun now. */
    synchronized KafkaTransaction transaction() throws ResourceException {
        if (joined != null) return joined;
        if (own == null) {
            TransactionalProducers producers = factory.transactionalProducers();
            TransactionalProducers.Pooled producer = producers.acquire();
            try {
                own = KafkaTransaction.begin(producer.producer());
            } catch (KafkaException | IllegalStateException e) {
                producers.discard(producer);
                throw new ResourceException("Cannot begin a Kafka transaction: " + e.getMessage(), e);
            }
            pool = producers;
            pooled = producer;
        }
        return own;
    }

    @Override
    public synchronized void commit() throws ResourceException {
        try {
            if (own != null) own.commit();
        } catch (KafkaException e) {
            abortAfterFailure();
            throw new LocalTransactionException("The Kafka transaction did not commit (it is aborted): " + e.getMessage(), e);
        } finally {
            end();
        }
    }

    @Override
    public synchronized void rollback() throws ResourceException {
        try {
            if (own != null) own.abort();
        } catch (KafkaException | IllegalStateException e) {
            // The producer is unusable (fenced, or the node is gone): the transaction coordinator aborts the
            // transaction after transaction.timeout.ms, or a new producer of the same id aborts it on start.
            LOG.log(Level.WARNING, "Aborting a Kafka transaction failed; it will be aborted by its timeout", e);
            discardProducer();
        } finally {
            end();
        }
    }

    /** Rolls back what is still open: the container cleans up a connection whose transaction never ended. */
    synchronized void rollbackIfActive() throws ResourceException {
        if (active) rollback();
    }

    private void abortAfterFailure() {
        try {
            own.abort();
        } catch (KafkaException | IllegalStateException e) {
            discardProducer();
        }
    }

    private void discardProducer() {
        if (pooled != null) pool.discard(pooled);
        pooled = null;
    }

    private void end() {
        if (pooled != null) pool.release(pooled);
        pooled = null;
        own = null;
        joined = null;
        active = false;
    }
}
