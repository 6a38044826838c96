package io.partita.engine.group;

import io.partita.engine.log.MutableClock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded scheduler on virtual time, for tests: tasks run only inside {@link #runDue()} and
 * {@link #advance(Duration)}, on the calling thread, in due-time then submission order. Its {@link #clock()} reads
 * the same virtual time. Not thread-safe: one test thread drives it.
 */
final class VirtualTimeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private long sequence;

    Clock clock() {
        return clock;
    }

    long nowMs() {
        return clock.millis();
    }

    /** Runs every task due now, including those they submit for now. */
    void runDue() {
        while (!queue.isEmpty() && queue.peek().dueMs <= nowMs()) {
            queue.poll().run();
        }
    }

    /** Moves time forward, running each task at its due time. */
    void advance(Duration duration) {
        long target = nowMs() + duration.toMillis();
        runDue();
        while (!queue.isEmpty() && queue.peek().dueMs <= target) {
            moveTo(Math.max(nowMs(), queue.peek().dueMs));
            runDue();
        }
        moveTo(target);
        runDue();
    }

    private void moveTo(long ms) {
        clock.advance(Duration.ofMillis(ms - nowMs()));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, nowMs() + unit.toMillis(delay), sequence++);
        queue.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class Task implements ScheduledFuture<Object>, Runnable {
        private final Runnable command;
        private final long dueMs;
        private final long order;
        private boolean cancelled;
        private boolean done;

        Task(Runnable command, long dueMs, long order) {
            this.command = command;
            this.dueMs = dueMs;
            this.order = order;
        }

        @Override
        public void run() {
            if (!cancelled) {
                done = true;
                command.run();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueMs - nowMs(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task that = (Task) other;
            return dueMs != that.dueMs ? Long.compare(dueMs, that.dueMs) : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            queue.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
