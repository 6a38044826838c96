package io.partita.ra.reply;

import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.ra.api.ReplyHeaders;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a node's reply partition and completes the {@link PendingRequests} the replies answer; a reply no request
 * waits for (it came after its request's timeout, or twice) is dropped with a debug line.
 *
 * <p>It reads from the partition's end as it was when it started, which it resolves before it reports itself
 * {@link #ready()}: a request sent after that is answered by any reply written after it. It has no group and
 * commits nothing. A poll that keeps failing is logged once per 30 s with a count.
 *
 * <p>Its consumer is used by its own thread only; {@link #ready()}, {@link #isRunning()} and {@link #close()} are
 * safe from any.
 */
final class ReplyConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReplyConsumer.class.getName());
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final long FAILURE_REPORT_INTERVAL_MS = 30_000;
    private static final long FAILED_POLL_PAUSE_MS = 1_000;

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final TopicPartition partition;
    private final PendingRequests pending;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final RepeatedFailureLog pollFailures;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;

    /** @param consumers makes the consumer (and the topic, when it must); called on the consumer's own thread */
    ReplyConsumer(Supplier<Consumer<byte[], byte[]>> consumers, TopicPartition partition, PendingRequests pending) {
        this.consumers = consumers;
        this.partition = partition;
        this.pending = pending;
        this.pollFailures = new RepeatedFailureLog(System.getLogger(ReplyConsumer.class.getName()),
                "Reading replies from " + partition, FAILURE_REPORT_INTERVAL_MS);
    }

    @Override
    public void run() {
        try {
            consumer = consumers.get();
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            ready.complete(null);
            LOG.fine(() -> "Reading replies from " + partition);
            while (closed.getCount() > 0) poll();
        } catch (WakeupException e) {
            ready.completeExceptionally(new IllegalStateException("The reply consumer was closed while it started"));
        } catch (RuntimeException | Error e) {
            if (!ready.completeExceptionally(e)) {
                LOG.log(Level.SEVERE, "Reading replies from " + partition + " stopped; the next request starts it again", e);
            }
        } finally {
            // Cleared before the waiting requests fail: a request registered later sees it (ReplyChannel checks).
            running = false;
            pending.failAll(new IllegalStateException("No more replies are read from " + partition));
            closeConsumer();
            ended.countDown();
        }
    }

    /** Completes once the consumer reads from the partition's end; fails when it could not start. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** True until the loop ends, whether closed or failed. */
    boolean isRunning() {
        return running;
    }

    /** Ends the loop and waits (boundedly) until its consumer is closed. */
    void close() throws InterruptedException {
        closed.countDown();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) current.wakeup();
        ended.await(10, TimeUnit.SECONDS);
    }

    private void poll() {
        try {
            for (ConsumerRecord<byte[], byte[]> reply : consumer.poll(POLL_TIMEOUT)) answer(reply);
            pollFailures.succeeded();
        } catch (WakeupException e) {
            // close() woke us: the loop condition ends the loop
        } catch (KafkaException e) {
            pollFailures.failed(e);
            try {
                closed.await(FAILED_POLL_PAUSE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                closed.countDown();
            }
        }
    }

    private void closeConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        if (current == null) return;
        try {
            current.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing the consumer of the replies from " + partition + " failed", e);
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> reply) {
        Header header = reply.headers().lastHeader(ReplyHeaders.CORRELATION_ID);
        String correlationId = header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
        if (correlationId == null || !pending.complete(correlationId, reply)) {
            LOG.fine(() -> "Dropped the reply at " + partition + "@" + reply.offset() + " (correlation id "
                    + correlationId + "): no request waits for it; it came after its request's timeout, or twice");
        }
    }
}
