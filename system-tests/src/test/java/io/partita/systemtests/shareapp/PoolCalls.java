package io.partita.systemtests.shareapp;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the pool's beans did: each value's delivery counts as the beans saw them, and the most calls running at once.
 * Thread-safe.
 */
@ApplicationScoped
public class PoolCalls {

    private final Map<String, List<Integer>> deliveryCounts = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    /** A call began with {@code value} at its {@code deliveryCount}-th delivery. */
    void began(String value, int deliveryCount) {
        deliveryCounts.computeIfAbsent(value, v -> new CopyOnWriteArrayList<>()).add(deliveryCount);
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    void ended() {
        running.decrementAndGet();
    }

    /** Value to the delivery counts of its calls, in call order; sorted by value. */
    Map<String, List<Integer>> deliveryCounts() {
        return new TreeMap<>(deliveryCounts);
    }

    int mostRunning() {
        return mostRunning.get();
    }
}
