package io.partita.web.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for Kafka client futures and rethrows what failed them as it is (Kafka's exceptions are unchecked). */
public final class Futures {

    private Futures() {
    }

    /** The value of a {@link org.apache.kafka.common.KafkaFuture} or a producer's send. */
    public static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the node", e);
        }
    }
}
