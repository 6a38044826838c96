package io.partita.systemtests.raapp;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RetryingListener}'s deliveries in order, one line each:
 * {@code value|topic|epoch ms|original topic|original offset|attempts|stage} (the last four from the record's
 * headers, {@code -} for one it lacks). Thread-safe.
 */
@ApplicationScoped
public class RetryDeliveries {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
