package io.partita.systemtests.jta;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many times {@link TransactionalRelayListener} was given each record value, committed or not. Thread-safe. */
@ApplicationScoped
public class RelayDeliveries {

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    /** Counts a delivery; returns how many deliveries of this value there were, this one included. */
    int delivered(String value) {
        return deliveries.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
    }

    /** Value to delivery count, sorted by value. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        deliveries.forEach((value, count) -> counts.put(value, count.get()));
        return counts;
    }
}
