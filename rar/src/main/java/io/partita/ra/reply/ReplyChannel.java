package io.partita.ra.reply;

import io.partita.ra.api.ReplyHeaders;
import io.partita.ra.api.ReplyTimeoutException;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Request-reply for every connection factory of a node: a request is sent with a correlation id and this channel's
 * reply partition in its {@link ReplyHeaders}, and its requester waits until the {@link ReplyConsumer} reads the reply
 * carrying that id, or the timeout.
 *
 * <p>Invariant: a request waits in {@link PendingRequests} only while its requester does; whatever ends the wait
 * (reply, failed send, timeout, interruption, the channel closing) removes it. Thread-safe; started at the first
 * request, closed by the resource adapter when it stops.
 */
public final class ReplyChannel implements AutoCloseable {

    /** Hands a record to a producer; the callback reports its failure. */
    @FunctionalInterface
    public interface Sender {
        Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) throws ResourceException;
    }

    private static final Logger LOG = Logger.getLogger(ReplyChannel.class.getName());
    private static final Set<String> REQUEST_HEADERS =
            Set.of(ReplyHeaders.CORRELATION_ID, ReplyHeaders.REPLY_TOPIC, ReplyHeaders.REPLY_PARTITION);

    private final TopicPartition replies;
    private final PendingRequests pending = new PendingRequests();
    private final ReplyConsumer consumer;

    private ReplyChannel(TopicPartition replies, Supplier<Consumer<byte[], byte[]>> consumers) {
        this.replies = replies;
        this.consumer = new ReplyConsumer(consumers, replies, pending);
    }

    /**
     * Starts reading {@code replies} on a thread of {@code threads}.
     *
     * @param consumers makes the consumer of the replies (and their topic, when it must), on that thread
     */
    public static ReplyChannel start(TopicPartition replies, Supplier<Consumer<byte[], byte[]>> consumers,
                                     Executor threads) {
        ReplyChannel channel = new ReplyChannel(replies, consumers);
        threads.execute(channel.consumer);
        return channel;
    }

    /** False once its consumer has ended (closed, or failed to start or to go on): a new channel is needed. */
    public boolean isRunning() {
        return consumer.isRunning();
    }

    /**
     * Sends {@code record} as a request (a copy with this channel's {@link ReplyHeaders}, replacing any it had) and
     * waits for its reply.
     *
     * @throws ReplyTimeoutException when no reply came within {@code timeout} (counted from the call, so it includes
     *                               the start of the channel at a node's first request)
     * @throws ResourceException     when the request could not be sent (the cause is Kafka's exception), or the
     *                               channel could not start or was closed
     */
    public ConsumerRecord<byte[], byte[]> request(ProducerRecord<byte[], byte[]> record, Duration timeout, Sender sender)
            throws ResourceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PendingRequests.Pending request = null;
        try {
            consumer.ready().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            request = pending.register();
            if (!consumer.isRunning()) throw new ResourceException("No more replies are read from " + replies);
            PendingRequests.Pending registered = request;
            sender.send(addressed(record, request.correlationId()), (metadata, failure) -> {
                if (failure != null) registered.reply().completeExceptionally(failure);
            });
            return request.reply().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ReplyTimeoutException("No reply within " + timeout.toMillis() + " ms to the request "
                    + (request == null ? "for " + record.topic() + ": the reply consumer of " + replies + " has not started yet"
                    : request.correlationId() + " sent to " + record.topic()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ResourceException((request == null ? "The reply consumer of " + replies + " could not start: "
                    : "The request " + request.correlationId() + " to " + record.topic() + " failed: ") + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceException("Interrupted while waiting for the reply to a request to " + record.topic(), e);
        } finally {
            if (request != null) pending.remove(request.correlationId());
        }
    }

    /** Stops reading replies; requests still waiting fail at once. */
    @Override
    public void close() {
        try {
            consumer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Interrupted while closing the reply consumer of " + replies, e);
        }
    }

    /** How many requests wait for their replies now. */
    int waiting() {
        return pending.size();
    }

    private ProducerRecord<byte[], byte[]> addressed(ProducerRecord<byte[], byte[]> record, String correlationId) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!REQUEST_HEADERS.contains(header.key())) headers.add(header);
        }
        headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_TOPIC, replies.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_PARTITION, Integer.toString(replies.partition()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), headers);
    }
}
