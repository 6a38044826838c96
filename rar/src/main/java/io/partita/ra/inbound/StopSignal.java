package io.partita.ra.inbound;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells a consumer's poll loop, and the lanes it feeds, to end; cuts their retry backoffs short. Once stopped it stays
 * stopped. Thread-safe.
 */
final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Waits {@code millis}; false when a stop cut the wait short (an interrupt stops too). */
    boolean backoff(long millis) {
        try {
            return !stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return false;
        }
    }
}
