package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import jakarta.resource.spi.work.Work;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One of the {@code concurrency} lanes of an activation with {@code ordering=key} or {@code none}: a WorkManager
 * thread with a bean instance of its own, delivering the records of its queue one at a time, in queue order. A
 * failing record is retried and sent on (to a retry topic or the dead-letter topic) in the lane as with
 * {@code ordering=partition} ({@link RetryingDelivery}); with nowhere to go (or when the topic refuses it) the lane
 * delivers the record
 * again after the retry backoff for as long as its partition is the consumer's, holding the lane and the partition's
 * commit point. A record whose partition was revoked or lost before it began is dropped: the partition's new owner
 * delivers it.
 *
 * <p>The lane ends once the consumer's {@link StopSignal} stops, after the delivery in progress, and then releases
 * its bean; a lane that fails unexpectedly stops the consumer with it, as nothing would deliver its records. Its
 * endpoint is confined to its thread; {@link #release()} and {@link #awaitEnd} are safe from any thread.
 */
final class DeliveryLane implements Work {

    private static final Logger LOG = Logger.getLogger(DeliveryLane.class.getName());
    private static final long IDLE_WAIT_MS = 100;
    private static final long FAILURE_REPORT_INTERVAL_MS = 30_000;

    private final String name;
    private final long retryBackoffMs;
    private final BlockingQueue<LaneTask> queue;
    private final EndpointDelivery delivery;
    private final RetryingDelivery retrying;
    private final StopSignal stop;
    private final ConsumerProgress progress;
    private final RepeatedFailureLog noEndpoint;
    private final CountDownLatch ended = new CountDownLatch(1);

    DeliveryLane(String name, PartitaActivationSpec spec, BlockingQueue<LaneTask> queue, EndpointDelivery delivery,
                 DeadLetters deadLetters, FailureRouter router, StopSignal stop, ConsumerProgress progress) {
        this.name = name;
        this.retryBackoffMs = spec.getRetryBackoffMs();
        this.queue = queue;
        this.delivery = delivery;
        // Lanes are never transacted: no group metadata is needed, and the consumer is the poll thread's alone.
        this.retrying = new RetryingDelivery(name, spec, delivery, deadLetters, router, stop, progress, () -> null);
        this.progress = progress;
        this.stop = stop;
        this.noEndpoint = new RepeatedFailureLog(System.getLogger(DeliveryLane.class.getName()),
                name + ": getting a message endpoint", FAILURE_REPORT_INTERVAL_MS);
    }

    @Override
    public void run() {
        try {
            while (!stop.isStopped()) {
                LaneTask task = queue.poll(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                if (task != null) deliver(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, name + " stopped delivering: " + e, e);
            progress.ended(e);
        } finally {
            stop.stop();
            delivery.close();
            ended.countDown();
        }
    }

    /** Stops the lane and the consumer feeding it. */
    @Override
    public void release() {
        stop.stop();
    }

    /** Waits until the lane has released its bean; false when it did not within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Delivers the task's record until it is finished, the consumer stops, or its partition is no longer ours. */
    private void deliver(LaneTask task) {
        RetryingDelivery.Owner owner = new RetryingDelivery.Owner() {
            @Override
            public boolean wants() {
                return !stop.isStopped() && task.progress().isActive();
            }

            @Override
            public void finished(List<ConsumerRecord<byte[], byte[]>> records) {
                records.forEach(record -> task.progress().finish(record.offset()));
            }
        };
        while (task.progress().begin()) {
            boolean finished = false;
            try {
                finished = retrying.handle(task.record(), owner);
                noEndpoint.succeeded();
            } catch (EndpointUnavailableException e) {
                noEndpoint.failed(e);
            } finally {
                task.progress().end();
            }
            if (finished || !stop.backoff(retryBackoffMs)) return;
        }
    }
}
