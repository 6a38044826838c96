package io.partita.engine;

import com.hazelcast.core.HazelcastInstance;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a node takes from whoever hosts it: the cluster's Hazelcast member, threads and a clock.
 *
 * <p>The engine starts no thread of its own: every long-lived loop (network event loops, the scheduler) is
 * handed to {@link #threads()}, which must run each task on a thread of its own for as long as the task runs.
 * Inside an application server that is the resource adapter's WorkManager; in tests a plain thread per task.
 *
 * @param hazelcast the member this node belongs to the cluster through
 * @param threads   runs each submitted task on its own thread until the task returns
 * @param clock     the clock of record for timestamps, retention and the schedule of periodic jobs
 */
public record NodeEnvironment(HazelcastInstance hazelcast, Executor threads, Clock clock) {

    public NodeEnvironment {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(clock, "clock");
    }

    /** Plain daemon threads and the system clock: for tests and embedding. */
    public static NodeEnvironment standalone(HazelcastInstance hazelcast, String threadNamePrefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Executor threads = task -> {
            Thread t = new Thread(task, threadNamePrefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.start();
        };
        return new NodeEnvironment(hazelcast, threads, Clock.systemUTC());
    }
}
