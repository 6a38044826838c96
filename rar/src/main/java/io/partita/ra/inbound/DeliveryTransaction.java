package io.partita.ra.inbound;

import io.partita.ra.AdapterProducers;
import io.partita.ra.ClientCredentials;
import io.partita.ra.KafkaTransaction;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The XAResource a transacted activation creates its endpoint with; the container enlists it in the transaction it
 * starts for each listener call. {@code start} begins a Kafka transaction on the consumer loop's own transactional
 * producer and adds to it the offsets after the records being delivered ({@code sendOffsetsToTransaction} with the
 * consumer's group metadata, so a consumer that lost its partitions cannot commit them). Records the bean sends
 * through a {@code LocalTransaction} connection factory on the delivery's thread join that Kafka transaction.
 * {@code commit} commits it; {@code rollback} aborts it, and the loop delivers the records again.
 *
 * <p>Kafka has no durable prepare: {@code prepare} only flushes and checks that every record was written, so that a
 * failure there still rolls every resource back; if the server dies after prepare, the Kafka transaction is aborted
 * (by the restarted loop's {@code initTransactions} on the same {@code transactional.id}, or by the coordinator after
 * {@code transaction.timeout.ms}) whatever the transaction manager decided, and the records are delivered again.
 * Hence {@link #recover} has nothing to report.
 *
 * <p>Fencing needs no report either: the loop recovers by itself. A producer initialising the same
 * {@code transactional.id} fences this one; with ids {@code partita-<node.id>-<activation name>-<loop index>} the
 * same application on two nodes never shares one, so that happens on one node only: when a redeployed bean's new
 * loop begins while the old loop's listener call still runs (the old activation's stop gave up waiting), or when the
 * coordinator aborts a transaction open longer than {@code transaction.timeout.ms} (the producer's 60 s: a listener
 * call that long) and bumps the epoch. The fenced delivery's commit (or its start, when fenced between deliveries)
 * fails, and the delivery rolls back; a fenced producer cannot even abort, so it is closed and the next delivery
 * initialises a new one, which fences whichever producer holds the id then. A stopped loop delivers nothing more, so
 * it never takes the id back from its successor.
 *
 * <p>Used by the consumer loop's thread and by the container on that thread during a delivery, one call at a time.
 */
final class DeliveryTransaction implements XAResource {

    /** How the last delivery's transaction ended. */
    enum Outcome { NONE, COMMITTED, ROLLED_BACK }

    private static final Logger LOG = Logger.getLogger(DeliveryTransaction.class.getName());
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> producerConfig;
    private Producer<byte[], byte[]> producer;
    private Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
    private ConsumerGroupMetadata group;
    private volatile KafkaTransaction open;
    private volatile Outcome outcome = Outcome.NONE;

    /**
     * @param bootstrap       the node's {@code host:port}
     * @param credentials     the activation's identity, which its producer takes too
     * @param transactionalId unique to this consumer loop and stable across restarts
     */
    DeliveryTransaction(String bootstrap, ClientCredentials credentials, String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        credentials.applyTo(config);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerConfig = Map.copyOf(config);
    }

    /** Names the offsets the next transaction commits, and the group they belong to; forgets the last outcome. */
    void expect(Map<TopicPartition, OffsetAndMetadata> nextOffsets, ConsumerGroupMetadata groupMetadata) {
        offsets = Map.copyOf(nextOffsets);
        group = groupMetadata;
        outcome = Outcome.NONE;
    }

    /** How the transaction of the last delivery ended; NONE when the container never started one. */
    Outcome outcome() {
        return outcome;
    }

    /** The Kafka transaction open between start and commit or rollback, else null. */
    KafkaTransaction open() {
        return open;
    }

    /** Commits {@code nextOffsets} alone in a transaction of their own (a record sent to the dead-letter topic). */
    void commitOffsets(Map<TopicPartition, OffsetAndMetadata> nextOffsets, ConsumerGroupMetadata groupMetadata)
            throws ResourceException {
        KafkaTransaction transaction = KafkaTransaction.begin(producer());
        try {
            transaction.sendOffsets(nextOffsets, groupMetadata);
            transaction.commit();
        } catch (KafkaException e) {
            abortAfterFailure(transaction);
            throw e;
        }
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        if (flags == TMJOIN || flags == TMRESUME) return;
        KafkaTransaction unfinished = open;
        if (unfinished != null) abandon(unfinished); // the container never ended the last one
        try {
            KafkaTransaction transaction = KafkaTransaction.begin(producer());
            try {
                transaction.sendOffsets(offsets, group);
            } catch (KafkaException e) {
                abortAfterFailure(transaction);
                throw e;
            }
            open = transaction;
        } catch (ResourceException | KafkaException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Cannot begin the Kafka transaction of a delivery", e);
            throw failure(XAException.XAER_RMERR, e);
        }
    }

    @Override
    public void end(Xid xid, int flags) {
        // The Kafka transaction stays open until commit or rollback.
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        KafkaTransaction transaction = requireOpen();
        try {
            transaction.flush();
            return XA_OK;
        } catch (KafkaException e) {
            abandon(transaction);
            throw failure(XAException.XA_RBROLLBACK, e);
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        KafkaTransaction transaction = requireOpen();
        try {
            transaction.commit();
            open = null;
            outcome = Outcome.COMMITTED;
        } catch (KafkaException e) {
            abandon(transaction);
            // After a prepare the other resources may have committed already: a heuristic outcome.
            throw failure(onePhase ? XAException.XA_RBROLLBACK : XAException.XA_HEURRB, e);
        }
    }

    @Override
    public void rollback(Xid xid) {
        KafkaTransaction transaction = open;
        if (transaction != null) abandon(transaction);
        outcome = Outcome.ROLLED_BACK;
    }

    /** Closes the producer; the loop ends. */
    void close() {
        if (producer != null) producer.close(CLOSE_TIMEOUT);
        producer = null;
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    private Producer<byte[], byte[]> producer() throws ResourceException {
        if (producer == null) {
            Producer<byte[], byte[]> created = AdapterProducers.create(producerConfig);
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw new ResourceException("Cannot start transactions as "
                        + producerConfig.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) + ": " + e.getMessage(), e);
            }
            producer = created;
        }
        return producer;
    }

    private KafkaTransaction requireOpen() throws XAException {
        KafkaTransaction transaction = open;
        if (transaction == null) throw new XAException(XAException.XAER_NOTA);
        return transaction;
    }

    /** Aborts the open transaction: the delivery rolled back. */
    private void abandon(KafkaTransaction transaction) {
        open = null;
        outcome = Outcome.ROLLED_BACK;
        abortAfterFailure(transaction);
    }

    /** Aborts; a producer that cannot even abort is closed, and the next delivery starts a new one (fencing it). */
    private void abortAfterFailure(KafkaTransaction transaction) {
        try {
            transaction.abort();
        } catch (KafkaException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Aborting a delivery's Kafka transaction failed; a new producer replaces this one", e);
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static XAException failure(int code, Exception cause) {
        XAException failure = new XAException(code);
        failure.initCause(cause);
        return failure;
    }
}
