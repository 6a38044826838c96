package io.partita.ra.api;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;

import java.util.List;
import java.util.concurrent.Future;

/**
 * An application's handle on the Partita node of this server, obtained from {@link PartitaConnectionFactory}:
 * produces records and reports on the node.
 *
 * <p>Every connection of one factory sends through the same {@code KafkaProducer}, configured by the factory's
 * properties, so records of many connections are batched together; closing a connection never closes the
 * producer. The Kafka types are those of the resource adapter's kafka-clients, visible to every application: an
 * application compiles against kafka-clients ({@code provided}) and must not bundle its own copy.
 *
 * <p>Inside a JTA transaction, a connection of a factory declared with {@code TransactionSupportLevel.LocalTransaction}
 * sends in a Kafka transaction instead, on a transactional producer of the factory's pool: its records become
 * visible to read_committed consumers only if the JTA transaction commits. Kafka has no durable prepare, so the
 * connection takes part as the transaction's last resource (one-phase): XA resources are prepared before Kafka
 * commits and committed after it; a crash between the two leaves them in doubt. Inside a transacted delivery of a
 * message-driven bean ({@code transactional=true}) it joins the delivery's Kafka transaction, which also commits the
 * delivered record's offset. Outside a JTA transaction, and always for a {@code NoTransaction} factory, it sends
 * through the factory's shared producer.
 *
 * <p>Not thread-safe: use it on one thread and {@link #close()} it when done. Every method fails with a
 * {@link ResourceException} once the connection is closed or the node has stopped.
 */
public interface PartitaConnection extends AutoCloseable {

    /**
     * Hands the record to the factory's producer, as {@code KafkaProducer.send} does: the future completes with
     * the record's offset once the node acknowledged it (per {@code acks}), or fails with an
     * {@code ExecutionException} whose cause is Kafka's exception (e.g. {@code TimeoutException} after
     * {@code delivery.timeout.ms}).
     *
     * @throws ResourceException when the producer refuses the record at once (closed, {@code max.block.ms} spent
     *                           waiting for metadata or buffer space, record too large); the cause is Kafka's
     */
    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) throws ResourceException;

    /**
     * As {@link #send(ProducerRecord)}, and calls {@code callback} on the producer's I/O thread when the record is
     * acknowledged or has failed; it must return quickly, since it delays every other record of the factory.
     */
    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) throws ResourceException;

    /**
     * Sends {@code value} with {@code key} to {@code topic} as {@link #send(ProducerRecord)} does, after turning
     * both into bytes with the factory's {@code keySerializer} and {@code valueSerializer} (Kafka {@code Serializer}
     * classes); without them {@code byte[]} goes as it is, a {@code String} as UTF-8 text and any other object as
     * its JSON-B document. A null key or value stays null. A value's record carries its type's name
     * ({@link ValueTypes#nameOf}) in the {@link ValueTypes#HEADER} header, which routes it to the
     * {@link OnRecord} method of a routed bean that takes that type.
     *
     * @throws ResourceException when the key or value cannot be serialized (the cause is the serializer's exception),
     *                           or the producer refuses the record at once
     */
    Future<RecordMetadata> send(String topic, Object key, Object value) throws ResourceException;

    /**
     * Sends every buffered record of the factory's producer (inside a JTA transaction: of its Kafka transaction) and
     * waits until each is acknowledged or has failed; in a transaction, throws when one of its records failed.
     */
    void flush() throws ResourceException;

    /** The partitions of {@code topic}, with their leaders; waits up to {@code max.block.ms} for metadata. */
    List<PartitionInfo> partitionsFor(String topic) throws ResourceException;

    /** Identity and state of the node. */
    NodeInfo nodeInfo() throws ResourceException;

    /** The node's traffic since it started and its under-replicated partitions, for metrics. */
    NodeStats nodeStats() throws ResourceException;

    /** Returns the connection to the pool; further calls fail. Records already sent are still delivered. */
    @Override
    void close() throws ResourceException;
}
