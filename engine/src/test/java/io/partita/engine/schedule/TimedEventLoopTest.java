package io.partita.engine.schedule;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A timed loop counts how long a task queued behind another one waited, on a real loop whose first task holds the
 * thread until the test lets it go.
 */
class TimedEventLoopTest {

    private final TimedEventLoop loop = new TimedEventLoop("test", task -> new Thread(task, "timed-loop").start());

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aTaskQueuedBehindABlockedOneIsCountedWithItsWait() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            awaitUninterruptibly(release);
        });
        running.await();
        CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> { }, loop);
        long queuedAt = System.nanoTime();
        // Queued before queuedAt, the task waits at least as long as the test holds the first one after it.
        while (System.nanoTime() - queuedAt < TimeUnit.MILLISECONDS.toNanos(2)) Thread.onSpinWait();
        release.countDown();
        queued.get(10, TimeUnit.SECONDS);

        WaitTimeHistogram.Snapshot waits = loop.waits();
        assertThat(waits.count()).isEqualTo(2);
        assertThat(waits.maxMicros()).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aDelayedTaskIsNotCountedAsWaiting() throws Exception {
        loop.schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);

        assertThat(loop.waits().count()).isZero();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
