package io.partita.ra.api;

import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;

import java.time.Duration;
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
 * <p>Every record it sends carries a W3C {@link TraceHeaders#TRACEPARENT}: its own if it has one, else one continuing
 * the trace of the record whose delivery to a message-driven bean runs on this thread, else a new trace.
 *
 * <p>Request-reply: {@link #request} sends a record with a correlation id and this node's reply topic in its
 * {@link ReplyHeaders} and waits for the reply, which a bean sends with {@link #reply}; the adapter reads the node's
 * replies itself.
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
     * Sends {@code record} as a request, as {@link #send(ProducerRecord)} does with {@link ReplyHeaders} added (a new
     * correlation id; this node's reply topic, {@code partita.replies.<node.id>}, and partition), and waits for the
     * reply: the first record on that partition carrying the correlation id, typically written by a bean calling
     * {@link #reply}. The node's reply consumer is started at its first request, within that request's timeout. A
     * reply that comes after the timeout is dropped.
     *
     * @throws ReplyTimeoutException when no reply came within {@code timeout}
     * @throws ResourceException     when the request could not be sent (the cause is Kafka's exception), or the
     *                               connection is in a JTA transaction: its records become visible only when the
     *                               transaction commits, after the wait for the reply
     */
    ConsumerRecord<byte[], byte[]> request(ProducerRecord<byte[], byte[]> record, Duration timeout)
            throws ResourceException;

    /**
     * As {@link #request(ProducerRecord, Duration)} with the key and value serialized as
     * {@link #send(String, Object, Object)} does, and the reply's value read as {@code replyType} in the default forms:
     * {@code byte[]} as it is, {@code String} as UTF-8 text, any other type as its JSON-B document; null for a reply
     * without a value.
     *
     * @throws ResourceException also when the reply's value is no {@code replyType}
     */
    <R> R request(String topic, Object key, Object value, Class<R> replyType, Duration timeout)
            throws ResourceException;

    /**
     * Sends {@code value} (serialized as by {@link #send(String, Object, Object)}) as the reply to {@code request}, a
     * record of {@link #request}: to the partition its {@link ReplyHeaders} name, with its correlation id, without a
     * key. Inside a transacted delivery through a {@code LocalTransaction} factory the reply is part of the delivery's
     * Kafka transaction, and the requester sees it only once that commits.
     *
     * @throws ResourceException when {@code request} carries no {@link ReplyHeaders}, or as
     *                           {@link #send(ProducerRecord)}
     */
    Future<RecordMetadata> reply(ConsumerRecord<?, ?> request, Object value) throws ResourceException;

    /** As {@link #reply(ConsumerRecord, Object)}, for the request a {@link TypedRecordListener} received. */
    Future<RecordMetadata> reply(RecordContext<?> request, Object value) throws ResourceException;

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

    /**
     * The node's metrics history, its traffic per second: the samples taken after {@code afterMs} (epoch
     * milliseconds; {@link Long#MIN_VALUE} for all it keeps).
     */
    MetricsSeries nodeHistory(long afterMs) throws ResourceException;

    /** The metrics history of {@code topic} on this node, after {@code afterMs}: the traffic of the partitions it leads. */
    MetricsSeries topicHistory(String topic, long afterMs) throws ResourceException;

    /** The lag history of {@code groupId} after {@code afterMs}; empty unless this node coordinates the group. */
    MetricsSeries groupHistory(String groupId, long afterMs) throws ResourceException;

    /** Returns the connection to the pool; further calls fail. Records already sent are still delivered. */
    @Override
    void close() throws ResourceException;
}
