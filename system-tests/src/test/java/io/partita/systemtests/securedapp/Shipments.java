package io.partita.systemtests.securedapp;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The record values the message-driven beans were given, in delivery order. Thread-safe. */
@ApplicationScoped
public class Shipments {

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    void delivered(String value) {
        delivered.add(value);
    }

    List<String> all() {
        return List.copyOf(delivered);
    }
}
