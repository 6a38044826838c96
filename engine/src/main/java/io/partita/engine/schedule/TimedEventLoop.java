package io.partita.engine.schedule;

import io.netty.channel.DefaultEventLoop;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * A single-thread event loop of the engine, named for the work it owns, that counts in a {@link WaitTimeHistogram}
 * how long each task waited between {@code execute} (or {@code submit}) and the start of its run: the head-of-line
 * delay of everything queued behind a slow task. Tasks scheduled with a delay are not counted, since they wait on
 * purpose. Waits are measured with {@link System#nanoTime()}, a duration, never a timestamp of record (those come
 * from the node's clock).
 *
 * <p>Its one thread comes from the executor it is given (the node environment's threads), for as long as the loop
 * runs. Tasks run one at a time in the order they were submitted. Thread-safe.
 */
public final class TimedEventLoop extends DefaultEventLoop {

    private final String name;
    private final WaitTimeHistogram waits = new WaitTimeHistogram();

    /**
     * @param name    what runs there, for logs ("metadata")
     * @param threads runs the loop on a thread of its own until it is shut down
     */
    public TimedEventLoop(String name, Executor threads) {
        super(threads);
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The waits of the tasks run so far. */
    public WaitTimeHistogram.Snapshot waits() {
        return waits.snapshot();
    }

    @Override
    public void execute(Runnable task) {
        super.execute(timed(task));
    }

    @Override
    public void lazyExecute(Runnable task) {
        super.lazyExecute(timed(task));
    }

    private Runnable timed(Runnable task) {
        // A delayed task passes through here when scheduled from another thread, long before it is due.
        if (task instanceof ScheduledFuture) return task;
        long submitted = System.nanoTime();
        return () -> {
            waits.record(System.nanoTime() - submitted);
            task.run();
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
