package io.partita.systemtests.raapp;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Per listener, how many times each record value was delivered (successful or not). Thread-safe. */
@ApplicationScoped
public class Receptions {

    private final Map<String, Map<String, AtomicInteger>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Boolean>> threads = new ConcurrentHashMap<>();

    /** Counts a delivery; returns how many deliveries of this value the listener has had, this one included. */
    int delivered(String listener, String value) {
        threads.computeIfAbsent(listener, l -> new ConcurrentHashMap<>()).put(Thread.currentThread().getName(), true);
        return deliveries.computeIfAbsent(listener, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
    }

    /** Value to delivery count, sorted by value. */
    Map<String, Integer> of(String listener) {
        Map<String, Integer> counts = new TreeMap<>();
        deliveries.getOrDefault(listener, Map.of()).forEach((value, count) -> counts.put(value, count.get()));
        return counts;
    }

    int threadCount(String listener) {
        return threads.getOrDefault(listener, Map.of()).size();
    }
}
