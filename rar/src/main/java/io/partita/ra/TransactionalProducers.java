package io.partita.ra;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The transactional producers of one connection factory: one per JTA transaction in flight that sent records, kept
 * for the next one afterwards. Producer {@code i} has {@code transactional.id} {@code <prefix>-<i>} and a new
 * producer takes the lowest free index, so after a restart the first producers re-initialise the ids the previous
 * run used: {@code initTransactions} fences that run's zombie producers and aborts their open transactions.
 *
 * <p>Producers use the factory's settings with {@code enable.idempotence=true} and {@code acks=all}, which Kafka
 * requires of a transactional producer. Once closed, the pool creates nothing and closes what is given back.
 * Thread-safe.
 */
final class TransactionalProducers implements AutoCloseable {

    /** A producer of the pool with its index (its {@code transactional.id} suffix). */
    record Pooled(int index, Producer<byte[], byte[]> producer) {
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> settings;
    private final String prefix;
    private final Supplier<String> bootstrap;
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private final BitSet taken = new BitSet();
    private boolean closed;

    /**
     * @param settings  the factory's producer configs by Kafka's names
     * @param prefix    the factory's {@code transactional.id} prefix, unique on this node
     * @param bootstrap the node's {@code host:port}, asked when a producer is created
     */
    TransactionalProducers(Map<String, Object> settings, String prefix, Supplier<String> bootstrap) {
        this.settings = Map.copyOf(settings);
        this.prefix = prefix;
        this.bootstrap = bootstrap;
    }

    /** An idle producer, or a new one whose {@code initTransactions} has run; give it back or discard it. */
    Pooled acquire() throws ResourceException {
        int index;
        synchronized (this) {
            if (closed) throw new ResourceException("The Partita producers are closed (the resource adapter is stopping)");
            Pooled reused = idle.pollFirst();
            if (reused != null) return reused;
            index = taken.nextClearBit(0);
            taken.set(index);
        }
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-" + index);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Producer<byte[], byte[]> producer = null;
        try {
            producer = AdapterProducers.create(config);
            producer.initTransactions();
            return new Pooled(index, producer);
        } catch (ResourceException | KafkaException e) {
            if (producer != null) producer.close(Duration.ZERO);
            synchronized (this) {
                taken.clear(index);
            }
            if (e instanceof ResourceException resource) throw resource;
            throw new ResourceException("Cannot start transactions as " + prefix + "-" + index + ": " + e.getMessage(), e);
        }
    }

    /** Takes back a producer with no transaction open. */
    void release(Pooled pooled) {
        synchronized (this) {
            if (!closed) {
                idle.addFirst(pooled);
                return;
            }
        }
        discard(pooled);
    }

    /** Closes a producer that failed (fenced, or its transaction could not be ended); its index is free again. */
    void discard(Pooled pooled) {
        try {
            pooled.producer().close(Duration.ZERO);
        } finally {
            synchronized (this) {
                taken.clear(pooled.index());
            }
        }
    }

    /** Closes the idle producers; producers in use are closed when given back. */
    @Override
    public void close() {
        List<Pooled> closing;
        synchronized (this) {
            closed = true;
            closing = new ArrayList<>(idle);
            idle.clear();
        }
        closing.forEach(p -> p.producer().close(CLOSE_TIMEOUT));
    }
}
