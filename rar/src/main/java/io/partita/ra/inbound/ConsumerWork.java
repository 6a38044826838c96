package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import jakarta.resource.spi.work.Work;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer of an activation (a {@code KafkaConsumer} or a {@code KafkaShareConsumer}) and the loop that runs it,
 * as a {@link Work} of the server's WorkManager: it creates and subscribes the consumer, has the subclass poll and
 * handle one poll at a time ({@link #pollOnce}) until {@link #release()}, and at the end lets the subclass finish
 * ({@link #beforeClose}) before closing the consumer, which leaves its group at once.
 *
 * <p>A poll that keeps failing (a refused password, a missing ACL) is retried after the retry backoff, logged once per
 * 30 s with a count and told to the consumer's {@link ConsumerProgress}; so is a poll whose records found no endpoint
 * (logged each time). An unexpected end is logged and told to the progress too.
 *
 * <p>The consumer is used by the loop's thread only; {@link #release()} and {@link #awaitEnd} are safe from any thread.
 *
 * @param <C> the consumer's type
 */
abstract class ConsumerWork<C extends Closeable> implements Work, ActivationConsumer {

    static final long FAILURE_REPORT_INTERVAL_MS = 30_000;
    private static final Logger LOG = Logger.getLogger(ConsumerWork.class.getName());

    final String name;
    final PartitaActivationSpec spec;
    final StopSignal stop;
    final ConsumerProgress progress;
    private final Supplier<? extends C> consumerFactory;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final RepeatedFailureLog pollFailures;
    private volatile C consumer;

    ConsumerWork(String name, PartitaActivationSpec spec, Supplier<? extends C> consumerFactory, StopSignal stop,
                 ConsumerProgress progress) {
        this.name = name;
        this.spec = spec;
        this.consumerFactory = consumerFactory;
        this.stop = stop;
        this.progress = progress;
        this.pollFailures = new RepeatedFailureLog(System.getLogger(getClass().getName()), name + ": polling",
                FAILURE_REPORT_INTERVAL_MS);
    }

    /** Subscribes the new consumer to the activation's topics. */
    abstract void subscribe(C consumer);

    /** Polls once and handles the records (possibly none). */
    abstract void pollOnce(C consumer) throws EndpointUnavailableException;

    /** Wakes the consumer from a blocking call, from any thread. */
    abstract void wakeup(C consumer);

    /** The loop ended: last work before the consumer closes (and with no consumer when it could not be created). */
    abstract void beforeClose();

    @Override
    public List<Work> works() {
        return List.of(this);
    }

    @Override
    public final void run() {
        try {
            if (stop.isStopped()) return;
            consumer = consumerFactory.get();
            if (stop.isStopped()) return;
            subscribe(consumer);
            while (!stop.isStopped()) {
                try {
                    pollOnce(consumer);
                    pollFailures.succeeded();
                } catch (WakeupException e) {
                    // release() woke us: the loop condition ends the loop
                } catch (EndpointUnavailableException e) {
                    LOG.log(Level.WARNING, name + ": " + e.getMessage() + "; delivering again after the retry backoff");
                    stop.backoff(spec.getRetryBackoffMs());
                } catch (KafkaException e) {
                    pollFailures.failed(e);
                    progress.failed(e);
                    stop.backoff(spec.getRetryBackoffMs());
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, name + " stopped consuming: " + e, e);
            progress.ended(e);
        } finally {
            stop.stop();
            try {
                beforeClose();
            } finally {
                closeConsumer();
                ended.countDown();
            }
        }
    }

    @Override
    public void release() {
        stop.stop();
        C current = consumer;
        if (current != null) wakeup(current);
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The consumer, on the loop's thread once it was created. */
    C consumer() {
        return consumer;
    }

    private void closeConsumer() {
        C current = consumer;
        if (current == null) return;
        try {
            current.close(); // leaves the group, so its partitions or records move at once, not after a timeout
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, name + ": closing the consumer failed", e);
        }
    }
}
