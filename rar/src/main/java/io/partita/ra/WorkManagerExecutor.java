package io.partita.ra;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs each of the engine's long-lived tasks (event loops, schedulers) as a {@link Work} of the server's
 * {@link WorkManager}, so every thread the node uses is a managed thread of the connector thread pool.
 *
 * <p>Each task runs with the resource adapter's class loader as context class loader, because kafka-clients and
 * Netty load classes by name through it. A task that cannot get a thread within {@link #START_TIMEOUT_MS} is
 * rejected with a message naming the pool, rather than waiting forever. Thread-safe.
 */
final class WorkManagerExecutor implements Executor {

    static final long START_TIMEOUT_MS = 30_000;

    private final WorkManager workManager;
    private final ClassLoader adapterLoader;

    WorkManagerExecutor(WorkManager workManager, ClassLoader adapterLoader) {
        this.workManager = workManager;
        this.adapterLoader = adapterLoader;
    }

    @Override
    public void execute(Runnable task) {
        try {
            workManager.startWork(new EngineWork(task, adapterLoader), START_TIMEOUT_MS, null, null);
        } catch (WorkException e) {
            throw new RejectedExecutionException("The connector thread pool gave the Partita node no thread within "
                    + START_TIMEOUT_MS + " ms (error code " + e.getErrorCode() + "); raise the max-thread-pool-size "
                    + "of the resource adapter's thread pool", e);
        }
    }

    /** One engine task. {@link #release()} is a no-op: the engine ends its tasks when the node is closed. */
    private record EngineWork(Runnable task, ClassLoader loader) implements Work {

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                task.run();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        @Override
        public void release() {
        }
    }
}
