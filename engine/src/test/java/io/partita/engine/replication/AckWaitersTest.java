package io.partita.engine.replication;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AckWaitersTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    /** Far beyond the test: a waiter completes by its verdict, never by its timeout. */
    private static final long REQUEST_TIMEOUT_MS = 600_000;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private static final int PRODUCERS = 3;

    private final ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + 1);

    @AfterEach
    void stop() {
        threads.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void aWaiterIsDoneOnceTheHighWatermarkReachesItsOffset() {
        AtomicLong highWatermark = new AtomicLong(5);
        AckWaiters waiters = new AckWaiters(scheduler);
        AckWaiters.Judge judge = required -> highWatermark.get() >= required ? Optional.of(AckWaiters.Verdict.DONE) : Optional.empty();

        CompletableFuture<Void> done = waiters.await(TP, 10, REQUEST_TIMEOUT_MS, judge);
        waiters.changed(TP);
        assertThat(done).isNotDone();

        highWatermark.set(10);
        waiters.changed(TP);
        assertThat(done).isCompleted();
    }

    /**
     * Waiters added while others of the same partition finish must all hear of the high watermark: a waiter put into
     * the partition's set just as the last one before it left (and the set with it) was once lost, and its produce
     * was answered only by its timeout (30 s in a benchmark). Each thread keeps one waiter in flight, as a producer
     * connection does, so the partition's set empties and refills all the time.
     */
    @Test
    void waitersAddedWhileOthersFinishAreNeverLost() throws Exception {
        AtomicLong highWatermark = new AtomicLong();
        AckWaiters waiters = new AckWaiters(scheduler);
        AckWaiters.Judge judge = required -> highWatermark.get() >= required ? Optional.of(AckWaiters.Verdict.DONE) : Optional.empty();
        AtomicBoolean producing = new AtomicBoolean(true);
        Future<?> advancer = threads.submit(() -> {
            while (producing.get()) {
                highWatermark.incrementAndGet();
                waiters.changed(TP);
            }
        });

        List<Future<Long>> producers = new ArrayList<>();
        for (int t = 0; t < PRODUCERS; t++) {
            producers.add(threads.submit(() -> {
                long lost = 0;
                for (int i = 0; i < 20_000 && lost == 0; i++) {
                    try {
                        waiters.await(TP, highWatermark.get() + 1, REQUEST_TIMEOUT_MS, judge).get(10, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        lost++;
                    }
                }
                return lost;
            }));
        }
        try {
            for (Future<Long> producer : producers) {
                assertThat(producer.get(5, TimeUnit.MINUTES)).as("waiters that never heard of the high watermark").isZero();
            }
        } finally {
            producing.set(false);
            advancer.get(1, TimeUnit.MINUTES);
        }
    }
}
