package io.partita.engine.coordinator;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The one thread a coordinator (of groups, of transactions) runs its operations on, so that its state needs no
 * locks: an operation completes the future it is given, there or later. An operation that throws fails its future;
 * once the thread refuses work (the node is stopping) every operation fails with COORDINATOR_NOT_AVAILABLE, which
 * clients retry elsewhere. Thread-safe.
 */
public final class CoordinatorThread {

    private final Executor thread;
    private final String stoppedMessage;

    /**
     * @param thread      runs the operations one at a time
     * @param coordinator names the coordinator in the error answered once it is stopped ("The group coordinator")
     */
    public CoordinatorThread(Executor thread, String coordinator) {
        this.thread = thread;
        this.stoppedMessage = coordinator + " is stopped";
    }

    /** Runs {@code operation} on the coordinator's thread; it answers through the future it is given. */
    public <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> operation) {
        CompletableFuture<T> response = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    operation.accept(response);
                } catch (RuntimeException e) {
                    response.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            response.completeExceptionally(new CoordinatorNotAvailableException(stoppedMessage));
        }
        return response;
    }
}
