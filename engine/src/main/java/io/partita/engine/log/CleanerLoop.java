package io.partita.engine.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The background task that keeps compacted logs compacted: calls {@link LogCleaner#cleanOnce()} again at once while
 * it finds work, and looks again after {@code log.cleaner.backoff.ms} when it does not. It runs on a thread the
 * host hands it (the engine starts none) until {@link #close()}.
 *
 * <p>Thread-safe: {@link #run()} on one thread, {@link #close()} from any.
 */
public final class CleanerLoop implements Runnable, AutoCloseable {

    private static final Object STOP = new Object();

    private final LogCleaner cleaner;
    private final long backoffMs;
    private final BlockingQueue<Object> stop = new ArrayBlockingQueue<>(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;

    public CleanerLoop(LogCleaner cleaner, long backoffMs) {
        this.cleaner = cleaner;
        this.backoffMs = backoffMs;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                if (cleaner.cleanOnce().isEmpty() && stop.poll(backoffMs, TimeUnit.MILLISECONDS) != null) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    /**
     * Ends the loop and waits (up to {@code maxWaitMs}) for the cleaning under way, if any, so the logs can be closed
     * after it.
     */
    public void close(long maxWaitMs) throws InterruptedException {
        stopped = true;
        stop.offer(STOP);
        finished.await(maxWaitMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        close(30_000);
    }
}
